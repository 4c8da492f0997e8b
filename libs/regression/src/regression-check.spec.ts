import { describe, expect, it } from '@jest/globals';
import { listCheckpoints } from '@flywheel/checkpoints';
import { writeSimulatedCheckpoint } from '@flywheel/simulation';
import { tempDir } from '@flywheel/testing';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { regressionCheck } from './regression-check.js';
import { trainerStateLossSource } from './trainer-state-loss-source.js';

const rules = { thresholdPercent: 15, criticalPercent: 25, bootstrapIterations: 1_000, baselineCheckpoints: 3, runFalsePageRate: 0.05, runHorizon: 50 };
const checkpoint = (step: number, evalLoss: number | null) => ({ step, evalLoss, trainLoss: [], epoch: 1, maxSteps: 1000 });

describe('regressionCheck over checkpoint folders', () => {
  it('judges the last 5 checkpoints and ignores older ones', async () => {
    const { dir, remove } = await tempDir('regr');
    try {
      // checkpoint-100 (0.30) is the lowest loss overall but falls outside the window of 5.
      const losses: [number, number][] = [[100, 0.3], [200, 0.6], [300, 0.5], [400, 0.55], [500, 0.52], [600, 0.6]];
      for (const [step, loss] of losses) await writeSimulatedCheckpoint(dir, checkpoint(step, loss));
      const status = await regressionCheck({ checkpoints: await listCheckpoints(dir), window: 5, rules, lossSources: [trainerStateLossSource] });
      // Window 200..600; baseline = min(0.6, 0.5, 0.55, 0.52) = 0.5 at checkpoint-300; 0.6 / 0.5 = +20 %.
      expect(status).toMatchObject({
        checkpoint: 'checkpoint-600', baseline_checkpoint: 'checkpoint-300', baseline_loss: 0.5,
        increase_percent: 20, regression_detected: true, alert_level: 'warning', errors: [],
      });
      expect(status.evidence.checkpoints.map((c) => c.step)).toEqual([200, 300, 400, 500, 600]);
    } finally {
      await remove();
    }
  });

  it('names a malformed trainer_state.json and judges the rest', async () => {
    const { dir, remove } = await tempDir('regr');
    try {
      await writeSimulatedCheckpoint(dir, checkpoint(10, 0.4));
      await writeSimulatedCheckpoint(dir, checkpoint(20, 0.42));
      const broken = path.join(dir, 'checkpoint-30');
      await mkdir(broken);
      await writeFile(path.join(broken, 'trainer_state.json'), '{"global_step": 30, "log_history": [{"step": 30, "eval_loss": null}]}');
      await writeSimulatedCheckpoint(dir, checkpoint(40, null));
      const status = await regressionCheck({ checkpoints: await listCheckpoints(dir), window: 5, rules, lossSources: [trainerStateLossSource] });
      expect(status.errors).toEqual([
        { source: path.join(broken, 'trainer_state.json'), where: 'log_history[0].eval_loss', message: expect.stringMatching(/expected number/) },
      ]);
      // 0.42 / 0.40 = +5 %: no regression; checkpoint-40 has no eval at its step and is skipped.
      expect(status).toMatchObject({ checkpoint: 'checkpoint-20', increase_percent: 5, regression_detected: false });
      expect(status.evidence.checkpoints.map((c) => c.source)).toEqual(['trainer_state', 'trainer_state', 'unavailable', 'unavailable']);
      expect(status.evidence.reason).toContain('checkpoint-30, checkpoint-40');
    } finally {
      await remove();
    }
  });
});
