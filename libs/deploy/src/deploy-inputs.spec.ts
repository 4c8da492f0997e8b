import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readDeployInputs } from './deploy-inputs.js';

const stamp = { last_update: '2026-06-01T12:00:00.000Z', schema_version: 1 };

describe('readDeployInputs', () => {
  it('gives null for files not written yet and the parsed files otherwise', async () => {
    const { dir, remove } = await tempDir('deploy-inputs');
    try {
      expect(await readDeployInputs(dir)).toEqual({ ok: true, inputs: { comparison: null, testing: null, regression: null, champion: null } });
      const comparison = { best_checkpoint: 'checkpoint-7', rankings: [{ checkpoint: 'checkpoint-7', score: 0.5, accuracy: 0.5, loss: 1, ece: 0.1 }], ...stamp };
      await writeFile(path.join(dir, 'model_comparisons.json'), JSON.stringify(comparison));
      expect(await readDeployInputs(dir)).toMatchObject({ ok: true, inputs: { comparison } });
    } finally {
      await remove();
    }
  });

  describe('hostile input: status files the deployer reads', () => {
    it('names every file that fails its schema, and the field', async () => {
      const { dir, remove } = await tempDir('deploy-inputs');
      try {
        // Written by hand, without the status store's stamp, and a best checkpoint that is a folder name of another kind.
        await writeFile(path.join(dir, 'model_comparisons.json'), JSON.stringify({ best_checkpoint: 'serving', rankings: [], ...stamp }));
        await writeFile(path.join(dir, 'regression_monitoring.json'), JSON.stringify({ regression_detected: false }));
        const read = await readDeployInputs(dir);
        expect(read.ok).toBe(false);
        const reason = read.ok ? '' : read.reason;
        expect(reason).toContain(`model_comparisons.json (${path.join(dir, 'model_comparisons.json')}): best_checkpoint: expected "checkpoint-<step>"`);
        expect(reason).toContain(`regression_monitoring.json (${path.join(dir, 'regression_monitoring.json')}): last_update:`);
      } finally {
        await remove();
      }
    });
  });
});
