import { describe, expect, it } from '@jest/globals';
import { normalCdf } from '@flywheel/statistics';
import { accuracyVerdict, championPool, goldenLogOdds, pairedDrop, type CheckpointOutcomes } from './accuracy-verdict.js';

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
    // Look 7 spends 0.05 · 50 / (56 · 57), shared by three tests (sudden, persisting: three
    // earlier checkpoints are enough for it, and cumulative). The champion is not among the
    // earlier checkpoints, so its pool is itself alone and the margin stays the whole 5 points.
    expect(verdict.cumulative!.alpha).toBeCloseTo((0.05 * 50) / (56 * 57) / 3, 8);
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
    // Without a champion the sudden and the persisting test share 0.05 · 50 / (53 · 54).
    expect(verdict.sudden.alpha).toBeCloseTo((0.05 * 50) / (53 * 54) / 2, 8);
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

describe('championPool', () => {
  it('is the champion and its nearest neighbours, never the newest earlier checkpoint', () => {
    const earlier = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'].map((name) => outcomes(name, 50));
    // Distances from c3: c2 and c4 one, c1 and c5 two (ties go to the earlier); c6 is the newest.
    expect(championPool(earlier[2]!, earlier, 4).map((c) => c.checkpoint)).toEqual(['c3', 'c2', 'c4', 'c1']);
    expect(championPool(earlier[2]!, earlier, 99).map((c) => c.checkpoint)).toEqual(['c3', 'c2', 'c4', 'c1', 'c5']);
    // Neighbours more than maxGapPoints below the champion stay out (they were worse, not equal):
    // champion c3 right on 50 of 100; c2 on 30 and c5 on 39 (below 50 − 10), c4 on 45 and c1 on 40 kept.
    const uneven = [outcomes('c1', 40), outcomes('c2', 30), outcomes('c3', 50), outcomes('c4', 45), outcomes('c5', 39), outcomes('c6', 50)];
    expect(championPool(uneven[2]!, uneven, 99, 10).map((c) => c.checkpoint)).toEqual(['c3', 'c4', 'c1']);
    // A champion that is not among them has a pool of itself.
    expect(championPool(outcomes('c0', 50), earlier, 4).map((c) => c.checkpoint)).toEqual(['c0']);
  });
});

describe('pairedDrop', () => {
  const withLoss = (checkpoint: string, right: boolean[], goldenProbability: number[]): CheckpointOutcomes => ({
    checkpoint,
    correct: new Map(right.map((r, i) => [`e${i}`, r])),
    goldenLoss: new Map(goldenProbability.map((p, i) => [`e${i}`, -Math.log(p)])),
  });
  const ids = ['e0', 'e1', 'e2', 'e3'];
  const reference = withLoss('r', [true, true, true, false], [0.8, 0.6, 0.9, 0.3]);
  const now = withLoss('n', [true, false, true, false], [0.7, 0.2, 0.9, 0.3]);

  it("adds the golden answer's log-odds to right/wrong, each difference in its own standard deviations", () => {
    // Log-odds ln(p/(1−p)): reference (ln 4, ln 1.5, ln 9, ln 3/7) = (1.386294, 0.405465, 2.197225, −0.847298),
    // now (ln 7/3, ln 1/4, ln 9, ln 3/7) = (0.847298, −1.386294, 2.197225, −0.847298).
    // a = (0, −1, 0, 0): sd 0.5. b = (−0.538997, −1.791759, 0, 0): mean −0.582689, sd √(2.142813/3) = 0.845146.
    // d = a/0.5 + b/0.845146 = (−0.637756, −4.120058, 0, 0): mean −1.189454, sd √(11.722413/3) = 1.976732,
    // z = −1.189454 / (1.976732/2) = −1.203455.
    const drop = pairedDrop([now], [reference], ids, 0);
    expect(drop.differencePoints).toBeCloseTo(-25, 8);
    expect(drop.pValue).toBeCloseTo(normalCdf(-1.203455), 5);
    expect(drop.test).toContain('golden-answer log-odds');
  });

  it('clips the log-odds at ±ln 10⁴, so a loss of 0 or of 1000 counts as odds of 10⁴ : 1', () => {
    // p = e^−1 = 0.367879: log-odds ln(0.367879/0.632121) = −0.541325.
    expect(goldenLogOdds(1)).toBeCloseTo(-0.541325, 6);
    expect(goldenLogOdds(0)).toBeCloseTo(Math.log(1e4), 12);
    expect(goldenLogOdds(1000)).toBeCloseTo(-Math.log(1e4), 12);
  });

  it('is the paired z-test of right/wrong alone when a checkpoint has no golden losses', () => {
    // a = (0, −1, 0, 0): mean −0.25, sd 0.5, z = −0.25 / (0.5/2) = −1.
    const plain = { checkpoint: 'n', correct: now.correct };
    const drop = pairedDrop([plain], [reference], ids, 0);
    expect(drop.pValue).toBeCloseTo(normalCdf(-1), 8);
    expect(drop.test).toBe('paired z-test of correctness');
  });
});
