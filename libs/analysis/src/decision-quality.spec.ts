// The run-level guarantee, checked on the simulator's skill model (outcomes correlated per
// example, as real checkpoints are) on a difficulty-balanced suite of 100 examples: over runs
// of 30 checkpoints of equal quality, automated-testing's verdict (sudden and cumulative
// tests, each look spending its share of the budget) pages at most `runFalsePageRate` of runs.
// It holds by the union bound whatever the model; this checks the code spends as it says.
// Detection figures, and other generative models, are in bench/decision-quality.bench.ts.
import type { Difficulty } from '@flywheel/contracts';
import { describe, expect, it } from '@jest/globals';
import { answerMargin, DEFAULT_SKILL_CURVE, pCorrect } from '@flywheel/simulation';
import { accuracyVerdict, type CheckpointOutcomes } from './accuracy-verdict.js';

const RUNS = 200;
const LOOKS = 30;
const SUITE = Array.from({ length: 100 }, (_, i) => ({
  id: `suite-${i}`,
  difficulty: (['easy', 'medium', 'hard'] as Difficulty[])[i % 3]!,
  skill: ['math', 'geo', 'code', 'logic'][i % 4]!,
}));
const rules = { minDropPoints: 5, alpha: 0.05, baselineCheckpoints: 3, runFalsePageRate: 0.05, runHorizon: 50 };

function checkpoint(seed: string, name: string): CheckpointOutcomes {
  const correct = new Map<string, boolean>();
  for (const e of SUITE) {
    const p = pCorrect(DEFAULT_SKILL_CURVE, 1000, e.difficulty, e.skill);
    correct.set(e.id, answerMargin(seed, name, e.id, p, DEFAULT_SKILL_CURVE.exampleCorrelation) > 0);
  }
  return { checkpoint: name, correct };
}

describe('run-level false pages on the simulator, 200 runs of 30 equal checkpoints', () => {
  it('pages falsely in at most 5% of runs, the champion being the first checkpoint', () => {
    let paged = 0;
    for (let run = 0; run < RUNS; run++) {
      const history = Array.from({ length: LOOKS }, (_, i) => checkpoint(`run-${run}`, `checkpoint-${(i + 1) * 100}`));
      for (let t = 1; t < LOOKS; t++) {
        const verdict = accuracyVerdict(history[t]!, history.slice(0, t), rules, { look: t + 1, champion: history[0]! });
        if (verdict?.regression_detected) {
          paged++;
          break;
        }
      }
    }
    expect(paged / RUNS).toBeLessThanOrEqual(0.05);
  });
});
