// The bandit on the simulator's skill model: checkpoints whose batches came from hard_first
// learn three times as fast as the others; the bandit should find it. Accuracy is measured as the
// evaluator would, on a 4000-example validation set drawn from the simulator's outcomes.
import type { Difficulty } from '@flywheel/contracts';
import { describe, expect, it } from '@jest/globals';
import { answerMargin, DEFAULT_SKILL_CURVE, pCorrect } from '@flywheel/simulation';
import type { Strategy } from '@flywheel/training-data';
import { banditPosteriors, bestStrategy, improvementReward, lossReward, thompsonChoice, thompsonSeed, type StrategyObservation } from './strategy-bandit.js';

describe('banditPosteriors', () => {
  it('is the normal-normal posterior, worked out by hand', () => {
    // Prior N(0, 0.1²), noise sd 0.04; one full pull with reward 0.04:
    // precision = 1/0.01 + 1/0.0016 = 100 + 625 = 725; mean = (0.04/0.0016)/725 = 25/725 = 0.034483.
    const p = banditPosteriors([{ reward: 0.04, weights: { hard_first: 1 } }]);
    expect(p.hard_first.mean).toBeCloseTo(0.0344828, 6);
    expect(p.hard_first.sd).toBeCloseTo(Math.sqrt(1 / 725), 6);
    expect(p.random_mix).toEqual({ pulls: 0, mean: 0, sd: 0.1 });
    // (0.7 − 0.6) / (1 − 0.6) = 0.25 of the remaining errors fixed.
    expect(improvementReward(0.6, 0.7)).toBeCloseTo(0.25, 12);
    // The loss reward: (1.3 − 1.1) / 1.3 of the loss removed; a rise is negative.
    expect(lossReward(1.3, 1.1)).toBeCloseTo(0.2 / 1.3, 12);
    expect(lossReward(1.1, 1.2)).toBeCloseTo(-0.1 / 1.1, 12);
    // A half-weight observation counts half.
    expect(banditPosteriors([{ reward: 0.04, weights: { hard_first: 0.5, random_mix: 0.5 } }]).hard_first.pulls).toBe(0.5);
  });
});

describe('thompsonSeed', () => {
  it('is the same for the same run and count, and differs between runs', () => {
    expect(thompsonSeed('default', 3)).toBe(thompsonSeed('default', 3));
    // FNV-1a of "a#1": offset basis 0x811c9dc5, then for 'a' (0x61), '#' (0x23), '1' (0x31): h = (h ^ c) · 0x01000193 mod 2³².
    let h = 0x811c9dc5;
    for (const c of [0x61, 0x23, 0x31]) h = Number((BigInt((h ^ c) >>> 0) * 0x01000193n) % 2n ** 32n);
    expect(thompsonSeed('a', 1)).toBe(h);
    expect(new Set(['run-a', 'run-b', 'run-c'].map((r) => thompsonSeed(r, 1))).size).toBe(3);
    expect(thompsonSeed('run-a', 1)).not.toBe(thompsonSeed('run-a', 2));
  });
});

describe('Thompson sampling on the simulated skill model', () => {
  it('puts most pulls on the strategy that truly trains faster, over 10 independent runs', () => {
    const SUITE = Array.from({ length: 4000 }, (_, i) => ({ id: `s${i}`, difficulty: (['easy', 'medium', 'hard'] as Difficulty[])[i % 3]!, skill: 'mixed' }));
    // A slow curve, so no strategy has run out of things to learn within the run (once a model
    // has converged every strategy is equally useless, and the question has no answer).
    const curve = { ...DEFAULT_SKILL_CURVE, decaySteps: 4000, skillSpread: 0 };
    const speed = (s: Strategy) => (s === 'hard_first' ? 3 : 1);
    const CHECKPOINTS = 40;
    const RUNS = 10;
    const runs: { share: number; late: number; best: Strategy | null }[] = [];
    for (let run = 0; run < RUNS; run++) {
      const world = `bandit-${run}`;
      const accuracy = (step: number, name: string) =>
        SUITE.filter((e) => answerMargin(world, name, e.id, pCorrect(curve, step, e.difficulty, e.skill), curve.exampleCorrelation) > 0).length / SUITE.length;
      let step = 0;
      let previous = accuracy(0, 'checkpoint-0');
      const history: StrategyObservation[] = [];
      const pulls: Strategy[] = [];
      for (let k = 1; k <= CHECKPOINTS; k++) {
        const choice = thompsonChoice(banditPosteriors(history), run * 1000 + k);
        pulls.push(choice);
        step += 100 * speed(choice);
        const now = accuracy(step, `checkpoint-${k}`);
        history.push({ reward: improvementReward(previous, now), weights: { [choice]: 1 } });
        previous = now;
      }
      const on = (xs: Strategy[]) => xs.filter((s) => s === 'hard_first').length / xs.length;
      runs.push({ share: on(pulls), late: on(pulls.slice(10)), best: bestStrategy(banditPosteriors(history)) });
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const share = mean(runs.map((r) => r.share));
    const late = mean(runs.map((r) => r.late));
    const found = runs.filter((r) => r.best === 'hard_first').length;
    console.log(`hard_first (3x faster) got ${(share * 100).toFixed(0)}% of ${CHECKPOINTS} pulls on average over ${RUNS} runs, ` +
      `${(late * 100).toFixed(0)}% of checkpoints 11–${CHECKPOINTS} (an even split would give 20%); best at the end in ${found} of ${RUNS} runs; ` +
      `late shares: ${runs.map((r) => Math.round(r.late * 100)).join(' ')}`);
    expect(late).toBeGreaterThan(0.5);
    expect(found).toBeGreaterThanOrEqual(RUNS * 0.75);
  });
});
