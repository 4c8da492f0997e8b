import { describe, expect, it } from '@jest/globals';
import { regressionVerdict, type ObservedLoss } from './regression-verdict.js';

const rules = { thresholdPercent: 15, criticalPercent: 25, bootstrapIterations: 2_000, baselineCheckpoints: 3, runFalsePageRate: 0.05, runHorizon: 50 };

function loss(step: number, value: number | null, perExample?: number[]): ObservedLoss {
  return {
    checkpoint: `checkpoint-${step}`,
    step,
    loss: value,
    source: value === null ? 'unavailable' : 'trainer_state',
    examples: perExample ? perExample.length : null,
    perExample: perExample ? new Map(perExample.map((v, i) => [`ex-${i}`, v])) : undefined,
    unavailableReason: value === null ? 'no eval_loss logged at this step' : undefined,
  };
}

describe('regressionVerdict, threshold only (losses from trainer_state.json)', () => {
  it('reproduces the seed example: 0.45 → 0.58 is +28.9%, critical', () => {
    // (0.58 - 0.45) / 0.45 = 0.2888… → 28.9 %, above 15 % and above the 25 % critical line.
    const verdict = regressionVerdict([loss(1000, 0.5), loss(1100, 0.45), loss(1200, 0.58)], rules);
    expect(verdict).toMatchObject({
      regression_detected: true,
      checkpoint: 'checkpoint-1200',
      baseline_checkpoint: 'checkpoint-1100',
      baseline_loss: 0.45,
      current_loss: 0.58,
      increase_percent: 28.9,
      alert_level: 'critical',
    });
    expect(verdict.evidence.method).toBe('threshold_only');
    expect(verdict.evidence.interval_percent).toBeNull();
    expect(verdict.evidence.checkpoints.map((c) => c.loss)).toEqual([0.5, 0.45, 0.58]);
  });

  it('calls +20% a warning and +10% nothing', () => {
    // baseline = min(0.40, 0.50) = 0.40; 0.48 / 0.40 = +20 %; 0.44 / 0.40 = +10 %.
    expect(regressionVerdict([loss(1, 0.5), loss(2, 0.4), loss(3, 0.48)], rules)).toMatchObject({
      regression_detected: true,
      increase_percent: 20,
      alert_level: 'warning',
    });
    expect(regressionVerdict([loss(1, 0.5), loss(2, 0.4), loss(3, 0.44)], rules)).toMatchObject({
      regression_detected: false,
      increase_percent: 10,
      alert_level: 'none',
    });
  });

  it('honours a configured threshold', () => {
    // +10 % is a regression once the threshold is 5 %.
    const verdict = regressionVerdict([loss(1, 0.4), loss(2, 0.44)], { ...rules, thresholdPercent: 5, criticalPercent: 8 });
    expect(verdict).toMatchObject({ regression_detected: true, alert_level: 'critical', threshold_percent: 5 });
  });

  it('compares the newest checkpoint that has a loss, and names the skipped ones', () => {
    const verdict = regressionVerdict([loss(1, 0.4), loss(2, 0.6), loss(3, null)], rules);
    expect(verdict.checkpoint).toBe('checkpoint-2');
    expect(verdict.increase_percent).toBe(50);
    expect(verdict.evidence.reason).toContain('checkpoint-3');
  });

  it('says why it cannot judge with fewer than two losses', () => {
    const verdict = regressionVerdict([loss(1, null), loss(2, 0.4)], rules);
    expect(verdict).toMatchObject({ regression_detected: false, alert_level: 'none', baseline_loss: null });
    expect(verdict.evidence.method).toBe('insufficient_data');
    expect(verdict.evidence.reason).toContain('1 of 2');
    expect(regressionVerdict([], rules).evidence.reason).toBe('No checkpoints found yet.');
  });
});

describe('regressionVerdict with per-example losses (paired bootstrap)', () => {
  it('gives a degenerate interval at exactly +30% when every example got 1.3× worse', () => {
    const base = Array.from({ length: 40 }, (_, i) => 0.2 + (i % 7) * 0.1);
    const current = base.map((v) => v * 1.3);
    const verdict = regressionVerdict([loss(1, 0.5, base), loss(2, 0.65, current)], rules);
    // Every resample has sum(current) = 1.3 · sum(base): +30 % each time, none ≤ 0 → p = 1/(B+1).
    expect(verdict.evidence.method).toBe('paired_bootstrap');
    expect(verdict.evidence.examples).toBe(40);
    expect(verdict.evidence.interval_percent![0]).toBeCloseTo(30, 6);
    expect(verdict.evidence.interval_percent![1]).toBeCloseTo(30, 6);
    expect(verdict.evidence.p_value).toBeCloseTo(1 / 2_001, 6);
    expect(verdict.regression_detected).toBe(true);
  });

  it('does not call a +20% mean driven by one outlier a regression', () => {
    // Baseline 1.0 on 10 examples; current 0.5 on nine and 7.5 on one: mean 1.2, i.e. +20 %.
    // A resample misses the outlier with probability 0.9^10 ≈ 0.35 and then shows −50 %,
    // so the interval reaches below zero and p ≈ 0.35.
    const base = Array(10).fill(1.0);
    const current = [...Array(9).fill(0.5), 7.5];
    const verdict = regressionVerdict([loss(1, 1.0, base), loss(2, 1.2, current)], rules);
    expect(verdict.increase_percent).toBe(20);
    expect(verdict.evidence.interval_percent![0]).toBeCloseTo(-50, 6);
    expect(verdict.evidence.p_value!).toBeGreaterThan(0.3);
    expect(verdict.evidence.p_value!).toBeLessThan(0.41);
    expect(verdict.regression_detected).toBe(false);
    expect(verdict.evidence.reason).toContain('within noise');
  });

  it('pairs examples by id and falls back to the threshold below 10 shared examples', () => {
    const a = loss(1, 0.4, [0.4, 0.4, 0.4]);
    const b = loss(2, 0.6, [0.6, 0.6, 0.6]);
    const verdict = regressionVerdict([a, b], rules);
    expect(verdict.evidence.method).toBe('threshold_only');
    expect(verdict.regression_detected).toBe(true);
  });

  it('pools the earlier checkpoints per example instead of picking the luckiest', () => {
    // Earlier: 1.0, 0.8, 0.9 on every example; now 1.0. Against the best (0.8) that is +25 %,
    // critical; against the per-example mean of the three (0.9) it is +11.1 %: no regression.
    const n = 20;
    const window = [loss(1, 1.0, Array(n).fill(1.0)), loss(2, 0.8, Array(n).fill(0.8)), loss(3, 0.9, Array(n).fill(0.9)), loss(4, 1.0, Array(n).fill(1.0))];
    const verdict = regressionVerdict(window, rules);
    expect(verdict.evidence.baseline_checkpoints).toEqual(['checkpoint-1', 'checkpoint-2', 'checkpoint-3']);
    expect(verdict.baseline_loss).toBeCloseTo(0.9, 9);
    expect(verdict.increase_percent).toBe(11.1);
    expect(verdict.regression_detected).toBe(false);
    // Only the last two pooled: mean 0.85 → +17.6 %, every example alike → significant.
    const two = regressionVerdict(window, { ...rules, baselineCheckpoints: 2 });
    expect(two.increase_percent).toBe(17.6);
    expect(two.regression_detected).toBe(true);
  });
});

describe('regressionVerdict against the champion', () => {
  it('flags a slow rise against the champion that the recent checkpoints hide, naming the champion as baseline', () => {
    // The champion's loss is 0.5 on 20 examples; the recent three and now are all 0.7 (+40%):
    // against the recent pool nothing moved; against the champion +40% on every example.
    const n = 20;
    const champion = loss(100, 0.5, Array(n).fill(0.5));
    const window = [loss(400, 0.7, Array(n).fill(0.7)), loss(500, 0.7, Array(n).fill(0.7)), loss(600, 0.7, Array(n).fill(0.7)), loss(700, 0.7, Array(n).fill(0.7))];
    const verdict = regressionVerdict(window, rules, { look: 7, champion });
    expect(verdict.evidence.sudden).toMatchObject({ detected: false, increase_percent: 0 });
    expect(verdict.evidence.cumulative).toMatchObject({ detected: true, increase_percent: 40, against: ['checkpoint-100'], p_value: 0 });
    // Look 7 spends 0.05 · 50 / (56 · 57), halved between the two tests.
    expect(verdict.evidence.cumulative!.alpha).toBeCloseTo((0.05 * 50) / (56 * 57) / 2, 8);
    expect(verdict).toMatchObject({
      regression_detected: true, baseline_checkpoint: 'checkpoint-100', baseline_loss: 0.5, increase_percent: 40, alert_level: 'critical',
    });
    expect(verdict.evidence).toMatchObject({ champion: 'checkpoint-100', look: 7 });
  });

  it('uses the threshold alone against a champion known only by one number', () => {
    // 0.5 → 0.6 is +20% > 15%.
    const verdict = regressionVerdict([loss(2, 0.6), loss(3, 0.6)], rules, { look: 3, champion: loss(1, 0.5) });
    expect(verdict.evidence.cumulative).toMatchObject({ detected: true, increase_percent: 20, p_value: null });
    expect(verdict.regression_detected).toBe(true);
  });
});

describe('regressionVerdict, a rise that stays', () => {
  it('tests the last two checkpoints together against the three before them', () => {
    // 1.0 on 20 examples at steps 1–3, then 1.5 and 1.5: the plain test's pool (steps 2–4:
    // 1.0, 1.0, 1.5) gives +28.6%; the last two against steps 1–3 give +50% on every example.
    const n = 20;
    const window = [1, 2, 3].map((step) => loss(step, 1.0, Array(n).fill(1.0))).concat([loss(4, 1.5, Array(n).fill(1.5)), loss(5, 1.5, Array(n).fill(1.5))]);
    const verdict = regressionVerdict(window, rules, { look: 5, champion: null });
    expect(verdict.evidence.sudden_persisting).toMatchObject({ detected: true, increase_percent: 50, against: ['checkpoint-1', 'checkpoint-2', 'checkpoint-3'] });
    // Two tests share look 5's 0.05 · 50 / (54 · 55).
    expect(verdict.evidence.sudden_persisting!.alpha).toBeCloseTo((0.05 * 50) / (54 * 55) / 2, 8);
    expect(verdict.evidence.sudden!.increase_percent).toBeCloseTo((1.5 / (3.5 / 3) - 1) * 100, 1);
    expect(verdict.regression_detected).toBe(true);
  });
});
