import { describe, expect, it } from '@jest/globals';
import { normalCdf } from '@flywheel/statistics';
import { accuracyVerdict, type CheckpointOutcomes } from './accuracy-verdict.js';

const outcomes = (checkpoint: string, right: number, n = 100): CheckpointOutcomes => ({
  checkpoint,
  correct: new Map(Array.from({ length: n }, (_, i) => [`e${i}`, i < right])),
});
// H = 50, budget 0.05: look 1 may spend 0.05 · 50 / (50 · 51) = 0.05/51 ≈ 9.8e-4.
const rules = { minDropPoints: 5, alpha: 0.05, baselineCheckpoints: 3, runFalsePageRate: 0.05, runHorizon: 50 };

describe('accuracyVerdict', () => {
  it('flags a drop against the champion that the recent checkpoints no longer show', () => {
    // Champion right on e0..e79; the last three and now right on e0..e59: against the recent
    // pool nothing moved, against the champion 20 examples were lost and none gained.
    const champion = outcomes('checkpoint-100', 80);
    const earlier = [outcomes('checkpoint-400', 60), outcomes('checkpoint-500', 60), outcomes('checkpoint-600', 60)];
    const verdict = accuracyVerdict(outcomes('checkpoint-700', 60), earlier, rules, { look: 7, champion })!;
    expect(verdict.sudden.detected).toBe(false);
    expect(verdict.sudden.difference_points).toBe(0);
    // Drop beyond 5 points: dᵢ = now − champion + 0.05 is −0.95 on 20 examples, 0.05 on 80:
    // mean −0.15, sample variance (20·0.8² + 80·0.2²)/99 = 16/99, z = −0.15/√(16/9900) = −3.731.
    expect(verdict.cumulative).toMatchObject({ detected: true, difference_points: -20, against: ['checkpoint-100'] });
    expect(verdict.cumulative!.p_value).toBeCloseTo(normalCdf(-0.15 / Math.sqrt(16 / 9900)), 7);
    // Look 7 spends 0.05 · 50 / (56 · 57), halved between the two tests.
    expect(verdict.cumulative!.alpha).toBeCloseTo((0.05 * 50) / (56 * 57) / 2, 8);
    expect(verdict).toMatchObject({ regression_detected: true, compared_with: 'checkpoint-100', look: 7 });
  });

  it('does not page a 4-point difference against the champion, however significant', () => {
    const verdict = accuracyVerdict(outcomes('c4', 76), [outcomes('c1', 76), outcomes('c2', 76), outcomes('c3', 76)], rules, { look: 4, champion: outcomes('c0', 80) })!;
    // 4 points is within the 5-point margin: d has a positive mean, p > 0.5; and 4 < 5 points.
    expect(verdict.cumulative).toMatchObject({ detected: false, difference_points: -4 });
    expect(verdict.regression_detected).toBe(false);
  });

  it('flags a sudden drop against the pooled recent checkpoints', () => {
    // Pool right on e0..e79 (all three), now on e0..e59: d = −1 on 20 examples, 0 on 80;
    // mean −0.2, sample sd √(20·0.64 + 80·0.04)/99 = √(16/99), z = −0.2 / √(16/99/100) = −4.975.
    const earlier = [outcomes('c1', 80), outcomes('c2', 80), outcomes('c3', 80)];
    const verdict = accuracyVerdict(outcomes('c4', 60), earlier, rules, { look: 4, champion: null })!;
    expect(verdict.cumulative).toBeNull();
    expect(verdict.sudden.difference_points).toBe(-20);
    expect(verdict.sudden.p_value).toBeLessThan(1e-6);
    // Without a champion the sudden test spends the whole share: 0.05 · 50 / (53 · 54).
    expect(verdict.sudden.alpha).toBeCloseTo((0.05 * 50) / (53 * 54), 8);
    expect(verdict).toMatchObject({ regression_detected: true, compared_with: 'c3', baseline_accuracy: 0.8, current_accuracy: 0.6 });
  });

  it('does not compare the champion with itself', () => {
    const champion = outcomes('c3', 80);
    const verdict = accuracyVerdict(champion, [outcomes('c1', 80), outcomes('c2', 80)], rules, { look: 3, champion })!;
    expect(verdict.cumulative).toBeNull();
  });

  it('says nothing without an earlier checkpoint', () => {
    expect(accuracyVerdict(outcomes('c1', 80), [], rules, { look: 1, champion: null })).toBeNull();
  });
});
