import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { regressionBody } from './regression-body.fixture.js';
import { createStatusStore } from './status-store.js';
import { StatusValidationError } from './status-validation-error.js';

const FIXED = new Date('2026-03-01T10:00:00.000Z');

describe('status store without Redis', () => {
  it('stamps last_update and schema_version, creates the folder and writes pretty JSON', async () => {
    const { dir, remove } = await tempDir('store');
    try {
      const statusDir = path.join(dir, 'status', 'run-a');
      const store = createStatusStore({ statusDir, run: 'run-a', now: () => FIXED });
      const written = await store.write('regression', regressionBody(2, 'first'));
      const text = await readFile(path.join(statusDir, 'regression_monitoring.json'), 'utf8');
      const onDisk = JSON.parse(text);
      expect(onDisk.last_update).toBe('2026-03-01T10:00:00.000Z');
      expect(onDisk.schema_version).toBe(1);
      expect(onDisk.evidence.reason).toBe('first');
      expect(onDisk).toEqual(written);
      // The stamp comes after the writer's keys, as in the seed's files.
      expect(Object.keys(onDisk).slice(-2)).toEqual(['last_update', 'schema_version']);
      expect(text.endsWith('}\n')).toBe(true);
      expect(text).toContain('\n  "regression_detected": false,');
    } finally {
      await remove();
    }
  });

  it('rejects an invalid body naming the file and every bad field, and leaves the file untouched', async () => {
    const { dir, remove } = await tempDir('store');
    try {
      const store = createStatusStore({ statusDir: dir, run: 'run-a', now: () => FIXED });
      await store.write('regression', regressionBody(2, 'good'));
      const file = path.join(dir, 'regression_monitoring.json');
      const before = await readFile(file, 'utf8');
      const bad = { ...regressionBody(2, 'bad'), alert_level: 'severe', threshold_percent: 'fifteen' };
      bad.evidence.checkpoints[1]!.step = -5;
      const error = await store.write('regression', bad as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StatusValidationError);
      const validation = error as StatusValidationError;
      expect(validation.file).toBe('regression_monitoring.json');
      expect(validation.issues.map((i) => i.path).sort()).toEqual(['alert_level', 'evidence.checkpoints[1].step', 'threshold_percent']);
      expect(validation.message).toMatch(/^regression_monitoring\.json is invalid, nothing written: /);
      expect(validation.message).toContain('evidence.checkpoints[1].step:');
      expect(await readFile(file, 'utf8')).toBe(before);
      expect(await readdir(dir)).toEqual(['regression_monitoring.json']);
    } finally {
      await remove();
    }
  });

  it('reads missing, present, unparseable and schema-mismatched files as such', async () => {
    const { dir, remove } = await tempDir('store');
    try {
      const store = createStatusStore({ statusDir: dir, run: 'run-a', now: () => FIXED });
      expect(await store.read('regression')).toEqual({ state: 'missing', file: path.join(dir, 'regression_monitoring.json') });

      const written = await store.write('regression', regressionBody(3, 'read me'));
      expect(await store.read('regression')).toEqual({
        state: 'present',
        data: written,
        source: 'file',
        lastUpdate: '2026-03-01T10:00:00.000Z',
      });

      const file = path.join(dir, 'regression_monitoring.json');
      await writeFile(file, '{"regression_detected": fal');
      const torn = await store.read('regression');
      expect(torn.state).toBe('error');
      expect((torn as { error: string }).error).toContain(`regression_monitoring.json (${file}): not valid JSON`);

      await writeFile(file, JSON.stringify({ ...written, evidence: { ...written.evidence, method: 'guess' } }));
      const mismatched = await store.read('regression');
      expect(mismatched.state).toBe('error');
      expect((mismatched as { error: string }).error).toContain('regression_monitoring.json');
      expect((mismatched as { error: string }).error).toContain('evidence.method:');
    } finally {
      await remove();
    }
  });

  it('readAll gives every status id, and subscribe without Redis fails clearly', async () => {
    const { dir, remove } = await tempDir('store');
    try {
      const store = createStatusStore({ statusDir: dir, run: 'run-a', now: () => FIXED });
      await store.write('regression', regressionBody());
      const all = await store.readAll();
      expect(Object.keys(all).sort()).toEqual([
        'adversarial', 'alert_analyst', 'canary', 'champion', 'checkpoint_sync', 'confidence', 'curriculum', 'data_generation', 'deployment', 'llm_health', 'model_comparison',
        'regression', 'self_correction', 'testing', 'training',
      ]);
      expect(all.regression.state).toBe('present');
      expect(Object.entries(all).filter(([, read]) => read.state === 'missing').length).toBe(14);
      await expect(store.subscribe(() => undefined)).rejects.toThrow(/needs a Redis client/);
    } finally {
      await remove();
    }
  });
});
