import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeSimulatedCheckpoint } from './write-checkpoint.js';

describe('writeSimulatedCheckpoint', () => {
  it('leaves only checkpoint-<step> with weights and a trainer_state.json that logs the eval at its step', async () => {
    const { dir, remove } = await tempDir('sim');
    try {
      await writeSimulatedCheckpoint(dir, {
        step: 40,
        evalLoss: 0.61,
        trainLoss: [
          { step: 20, loss: 0.9, learningRate: 1e-5 },
          { step: 40, loss: 0.7, learningRate: 5e-6 },
        ],
        epoch: 1,
        maxSteps: 80,
      });
      expect(await readdir(dir)).toEqual(['checkpoint-40']);
      const files = (await readdir(path.join(dir, 'checkpoint-40'))).sort();
      expect(files).toEqual(['config.json', 'model.safetensors', 'trainer_state.json']);
      const state = JSON.parse(await readFile(path.join(dir, 'checkpoint-40', 'trainer_state.json'), 'utf8'));
      expect(state.global_step).toBe(40);
      expect(state.log_history.filter((e: { loss?: number }) => e.loss !== undefined).map((e: { loss: number }) => e.loss)).toEqual([0.9, 0.7]);
      expect(state.log_history.at(-1)).toMatchObject({ step: 40, eval_loss: 0.61 });
      const weights = await readFile(path.join(dir, 'checkpoint-40', 'model.safetensors'));
      const headerLength = Number(weights.readBigUInt64LE(0));
      expect(JSON.parse(weights.subarray(8, 8 + headerLength).toString()).__metadata__.producer).toMatch(/simulator/);
    } finally {
      await remove();
    }
  });
});
