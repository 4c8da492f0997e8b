import { describe, expect, it } from '@jest/globals';
import { fp16TrainerState, tempDir } from '@flywheel/testing';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { trainerStateLossSource } from './trainer-state-loss-source.js';

describe('hostile input: regression monitor and a trainer_state.json Python wrote with NaN, Infinity and a BOM', () => {
  it('has the eval_loss logged at the step of a run whose grad_norm overflowed (Infinity) and whose best_metric is NaN', async () => {
    const { dir, remove } = await tempDir('ts-loss');
    try {
      const folder = path.join(dir, 'checkpoint-30');
      await mkdir(folder);
      await writeFile(path.join(folder, 'trainer_state.json'), fp16TrainerState(30));
      const reading = await trainerStateLossSource.lossOf({ name: 'checkpoint-30', step: 30, path: folder });
      expect(reading).toEqual({ observed: { checkpoint: 'checkpoint-30', step: 30, examples: null, loss: 0.42, source: 'trainer_state' } });
    } finally {
      await remove();
    }
  });

  it('reports a NaN eval_loss as unavailable with the reason, never as a loss of 0', async () => {
    const { dir, remove } = await tempDir('ts-loss');
    try {
      const folder = path.join(dir, 'checkpoint-30');
      await mkdir(folder);
      await writeFile(path.join(folder, 'trainer_state.json'), '{"global_step": 30, "log_history": [{"step": 30, "eval_loss": NaN}]}');
      const reading = await trainerStateLossSource.lossOf({ name: 'checkpoint-30', step: 30, path: folder });
      expect(reading.observed).toMatchObject({ loss: null, source: 'unavailable', unavailableReason: 'eval_loss logged at step 30 is NaN (not finite: the run may have diverged)' });
    } finally {
      await remove();
    }
  });
});
