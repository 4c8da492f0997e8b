import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@flywheel/config';
import { windowMetrics } from '@flywheel/production-monitor';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { categoryScores } from './category-scores.js';
import { readTrainingPace, trainingPace } from './training-pace.js';

const T0 = Date.parse('2026-03-01T00:00:00.000Z') / 1000;
const HOUR = 3600;

/** checkpoint-<step>/trainer_state.json written `hours` after T0. */
function checkpoints(written: [step: number, hours: number][]) {
  const dir = mkdtempSync(join(tmpdir(), 'pace-'));
  for (const [step, hours] of written) {
    const file = join(dir, `checkpoint-${step}`, 'trainer_state.json');
    mkdirSync(join(dir, `checkpoint-${step}`));
    writeFileSync(file, '{"log_history": []}');
    utimesSync(file, T0 + hours * HOUR, T0 + hours * HOUR);
  }
  return dir;
}

describe('time efficiency (seed 000, Training performance)', () => {
  it('is the recent pace over the early one, from the checkpoints\' trainer_state.json times', async () => {
    // Intervals of 100 steps taking 1, 1, 1, 1, 2, 2 h: the first three 300 steps / 3 h = 100 steps/h,
    // the last three 300 steps / (1 + 2 + 2) h = 60 steps/h: efficiency 0.6. A folder without trainer_state.json is left out.
    const dir = checkpoints([[100, 0], [200, 1], [300, 2], [400, 3], [500, 4], [600, 6], [700, 8]]);
    mkdirSync(join(dir, 'checkpoint-800'));
    const pace = await readTrainingPace(dir);
    expect(pace).toMatchObject({ intervals: 3, checkpoints: 7, missing: null });
    expect(pace.early_steps_per_hour).toBeCloseTo(100, 9);
    expect(pace.recent_steps_per_hour).toBeCloseTo(60, 9);
    expect(pace.efficiency).toBeCloseTo(0.6, 9);

    const monitor = loadConfig({ argv: [], env: {}, cwd: '/' }).monitor;
    const training = categoryScores(windowMetrics([], [], 60), {}, monitor, null, null, pace).find((c) => c.id === 'training_performance')!;
    const row = training.metrics.find((m) => m.id === 'time_efficiency')!;
    expect(row).toMatchObject({ value: 60, score: 0.6, unit: 'steps/hour', samples: 7 });
    expect(row.basis).toContain('last 3 checkpoint intervals (60) / over the first 3 (100)');
    // No loss and no regression file: time efficiency is the category's only scored metric.
    expect(training.score).toBe(0.6);
  });

  it('uses ⌊m/2⌋ intervals at each end when there are fewer than six, and caps a speed-up at 1', () => {
    // 3 checkpoints, 2 intervals: 100 steps in 2 h (50/h), then 100 in 1 h (100/h): 2 → capped at 1.
    const pace = trainingPace([{ checkpoint: 'a', step: 0, atMs: 0 }, { checkpoint: 'b', step: 100, atMs: 2 * HOUR * 1000 }, { checkpoint: 'c', step: 200, atMs: 3 * HOUR * 1000 }]);
    expect(pace).toMatchObject({ intervals: 1, early_steps_per_hour: 50, recent_steps_per_hour: 100, efficiency: 1 });
  });

  it('gives no figure, saying why, with fewer than 3 checkpoints or times that do not rise with the step', () => {
    expect(trainingPace([{ checkpoint: 'a', step: 0, atMs: 0 }, { checkpoint: 'b', step: 100, atMs: 1000 }])).toMatchObject({ efficiency: null, missing: expect.stringContaining('at least 3') });
    const copiedAtOnce = trainingPace([0, 100, 200].map((step) => ({ checkpoint: `c${step}`, step, atMs: 5000 })));
    expect(copiedAtOnce).toMatchObject({ efficiency: null, missing: expect.stringContaining('do not rise with the step') });
    const row = categoryScores(windowMetrics([], [], 60), {}, loadConfig({ argv: [], env: {}, cwd: '/' }).monitor, null, null, copiedAtOnce)
      .find((c) => c.id === 'training_performance')!.metrics.find((m) => m.id === 'time_efficiency')!;
    expect(row).toMatchObject({ value: null, score: null });
  });
});
