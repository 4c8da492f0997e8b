import { describe, expect, it } from '@jest/globals';
import { seededRandom } from '@flywheel/statistics';
import { accuracyDropPass, newAccuracyDropState } from './accuracy-drop.js';
import type { RatingSample } from './samples.js';

const rules = { points: 5, runFalseAlarmRate: 0.05, runHorizon: 24, minSamples: 10 };
const WINDOW_MS = 600_000;

/** `n` ratings, each good with probability `p`. */
function ratings(random: () => number, n: number, p: number): RatingSample[] {
  return Array.from({ length: n }, (_, i) => ({ requestId: `q${i}`, atMs: i, skill: null, good: random() < p, score: 1, corrected: false, clarification: false, correctionScores: null }));
}

/** Share of simulated monitor runs (`looks` windows each) in which the check ever flags a drop. */
function runsFlagged(seed: number, runs: number, looks: number, baseline: number, current: number, nReference: number, nCurrent: number): number {
  const random = seededRandom(seed);
  let flagged = 0;
  for (let run = 0; run < runs; run++) {
    const state = newAccuracyDropState();
    for (let look = 0; look < looks; look++) {
      const { drop } = accuracyDropPass(state, { requests: [], ratings: ratings(random, nReference, baseline) }, { requests: [], ratings: ratings(random, nCurrent, current) }, rules, look * WINDOW_MS, WINDOW_MS);
      if (drop.detected) {
        flagged += 1;
        break;
      }
    }
  }
  return flagged / runs;
}

describe('the live accuracy-drop check over a run of looks', () => {
  it('flags a drop of exactly the margin (the hardest case of "no drop > 5 points") in under 5 % of runs', () => {
    // 400 runs of 24 windows (4 hours), good share 0.90 in the reference hour and 0.85 now, 60 and 20 ratings.
    // The budget's shares sum to at most 0.05 over any number of looks, so the share of runs with any flag must stay
    // under 0.05 (a fixed 0.05 per look would flag most of these runs).
    expect(runsFlagged(7, 400, 24, 0.9, 0.85, 60, 20)).toBeLessThan(0.05);
  });

  it('finds a real 25-point drop within the run in nearly all runs (power)', () => {
    // 0.90 → 0.65 with 120 and 40 ratings: z ≈ (0.25 − 0.05) / √(0.09/120 + 0.2275/40) ≈ 2.5 on average; the looks'
    // α fall from 0.002 (z > 2.88) to 0.00053 (z > 3.27), so one look finds it in a quarter to a third of runs, 24 in nearly all.
    expect(runsFlagged(11, 200, 24, 0.9, 0.65, 120, 40)).toBeGreaterThan(0.9);
  });
});
