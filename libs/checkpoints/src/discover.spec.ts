import { describe, expect, it } from '@jest/globals';
import { fp16TrainerState, tempDir } from '@flywheel/testing';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inspectCheckpoint } from './completeness.js';
import { checkpointStep, listCheckpoints } from './discover.js';

describe('listCheckpoints', () => {
  it('lists checkpoint-<step> folders numerically and nothing else', async () => {
    const { dir, remove } = await tempDir('disc');
    try {
      for (const name of ['checkpoint-100', 'checkpoint-2', 'checkpoint-10', 'tmp-checkpoint-200', 'checkpoint-300.partial', 'runs']) {
        await mkdir(path.join(dir, name));
      }
      await writeFile(path.join(dir, 'checkpoint-5'), 'a file, not a folder');
      expect((await listCheckpoints(dir)).map((c) => [c.name, c.step])).toEqual([
        ['checkpoint-2', 2], ['checkpoint-10', 10], ['checkpoint-100', 100],
      ]);
      expect(await listCheckpoints(path.join(dir, 'nope'))).toEqual([]);
    } finally {
      await remove();
    }
  });

  it('reads steps only from exact names', () => {
    expect(checkpointStep('checkpoint-1200')).toBe(1200);
    expect(checkpointStep('tmp-checkpoint-1200')).toBeNull();
    expect(checkpointStep('checkpoint-12a')).toBeNull();
  });
});

describe('inspectCheckpoint', () => {
  const state = JSON.stringify({ global_step: 5, log_history: [] });

  it('needs trainer_state.json, weights, and no file in flight', async () => {
    const { dir, remove } = await tempDir('insp');
    try {
      const folder = path.join(dir, 'checkpoint-5');
      await mkdir(folder);
      expect(await inspectCheckpoint(folder)).toMatchObject({ complete: false, reason: 'no trainer_state.json yet' });
      await writeFile(path.join(folder, 'trainer_state.json'), state);
      expect((await inspectCheckpoint(folder)).reason).toMatch(/no weights file/);
      await writeFile(path.join(folder, 'adapter_model.safetensors.partial'), 'xx');
      expect((await inspectCheckpoint(folder)).reason).toBe('adapter_model.safetensors.partial is still being written');
      await writeFile(path.join(folder, 'adapter_model.safetensors'), 'xx');
      await import('node:fs/promises').then((fs) => fs.rm(path.join(folder, 'adapter_model.safetensors.partial')));
      const done = await inspectCheckpoint(folder);
      expect(done).toMatchObject({ complete: true, trainerState: { global_step: 5 } });
      expect(done.signature).toMatch(/^adapter_model\.safetensors:2:[\d.]+\|trainer_state\.json:\d+:/);
    } finally {
      await remove();
    }
  });

  it('reports a malformed trainer_state.json with its file and field', async () => {
    const { dir, remove } = await tempDir('insp');
    try {
      const folder = path.join(dir, 'checkpoint-7');
      await mkdir(folder);
      await writeFile(path.join(folder, 'model.safetensors'), 'w');
      await writeFile(path.join(folder, 'trainer_state.json'), JSON.stringify({ global_step: '7' }));
      const inspection = await inspectCheckpoint(folder);
      expect(inspection.complete).toBe(false);
      expect(inspection.problem).toMatchObject({ source: path.join(folder, 'trainer_state.json'), where: 'global_step' });
    } finally {
      await remove();
    }
  });
});

/** What an fp16 run's Trainer saves after an overflow (Python's json, allow_nan): a BOM, Infinity and NaN. */
const FP16_STATE = fp16TrainerState(30);

describe('hostile input: a checkpoint whose trainer_state.json Python wrote with NaN, Infinity and a BOM', () => {
  it('is complete, with the non-finite values named and kept as they were, not turned into 0', async () => {
    const { dir, remove } = await tempDir('insp-fp16');
    try {
      const folder = path.join(dir, 'checkpoint-30');
      await mkdir(folder);
      await writeFile(path.join(folder, 'model.safetensors'), 'w');
      await writeFile(path.join(folder, 'trainer_state.json'), FP16_STATE);
      const inspection = await inspectCheckpoint(folder);
      expect(inspection).toMatchObject({ complete: true, nonFinite: [{ path: 'best_metric', value: 'NaN' }, { path: 'log_history[0].grad_norm', value: 'Infinity' }] });
      expect(inspection.problem).toBeUndefined();
      expect(inspection.trainerState!.log_history[0]!.grad_norm).toBe(Infinity);
      expect(inspection.trainerState!.log_history[1]!.eval_loss).toBe(0.42);
    } finally {
      await remove();
    }
  });
});
