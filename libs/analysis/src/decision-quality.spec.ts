// How often do the accuracy and loss regression calls go off when nothing changed, and how
// often do they catch a real 10-point drop? Histories of checkpoints are drawn from the
// simulator's skill model (outcomes correlated per example, as real checkpoints are) on a
// difficulty-balanced suite of 100 examples.
import type { Difficulty } from '@flywheel/contracts';
import { describe, expect, it } from '@jest/globals';
import { regressionVerdict, type ObservedLoss } from '@flywheel/regression';
import { answerMargin, DEFAULT_SKILL_CURVE, goldenTokenProbability, pCorrect } from '@flywheel/simulation';
import { normalCdf } from '@flywheel/statistics';
import { accuracyVerdict, type CheckpointOutcomes } from './accuracy-verdict.js';

const HISTORIES = 200;
const STEP = 1000;
const SUITE = Array.from({ length: 100 }, (_, i) => ({
  id: `suite-${i}`,
  difficulty: (['easy', 'medium', 'hard'] as Difficulty[])[i % 3]!,
  skill: ['math', 'geo', 'code', 'logic'][i % 4]!,
}));
const testingRules = { minDropPoints: 5, alpha: 0.05, baselineCheckpoints: 3, bootstrapIterations: 1_000 };
const lossRules = { thresholdPercent: 15, criticalPercent: 25, bootstrapIterations: 1_000, baselineCheckpoints: 3 };

/** One checkpoint of a history: right/wrong and golden loss per example; `drop` lowers every p by that much. */
function checkpoint(seed: string, name: string, drop: number) {
  const correct = new Map<string, boolean>();
  const losses = new Map<string, number>();
  for (const e of SUITE) {
    const p = Math.max(0, pCorrect(DEFAULT_SKILL_CURVE, STEP, e.difficulty, e.skill) - drop);
    const margin = answerMargin(seed, name, e.id, p, DEFAULT_SKILL_CURVE.exampleCorrelation);
    correct.set(e.id, margin > 0);
    losses.set(e.id, -Math.log(goldenTokenProbability(normalCdf(margin))));
  }
  return { correct, losses };
}

/** Runs `histories` histories of `earlier` equal checkpoints and a newest one that lost `drop`. */
function rates(earlier: number, drop: number) {
  let testingAlarms = 0;
  let lossAlarms = 0;
  let seedAlarms = 0;
  for (let h = 0; h < HISTORIES; h++) {
    const seed = `history-${earlier}-${drop}-${h}`;
    const names = Array.from({ length: earlier + 1 }, (_, i) => `checkpoint-${(i + 1) * 100}`);
    const points = names.map((name, i) => checkpoint(seed, name, i === earlier ? drop : 0));
    const outcomes: CheckpointOutcomes[] = points.map((p, i) => ({ checkpoint: names[i]!, correct: p.correct }));
    if (accuracyVerdict(outcomes.at(-1)!, outcomes.slice(0, -1), testingRules)?.regression_detected) testingAlarms++;
    // The seed's rule, for comparison: more than 5 points below the best earlier accuracy.
    const accuracies = points.map((p) => [...p.correct.values()].filter(Boolean).length / SUITE.length);
    if (accuracies.at(-1)! < Math.max(...accuracies.slice(0, -1)) - 0.05) seedAlarms++;
    // The regression monitor looks at its window of 5.
    const window: ObservedLoss[] = points.slice(-5).map((p, i) => {
      const values = [...p.losses.values()];
      return {
        checkpoint: names.slice(-5)[i]!, step: (i + 1) * 100, source: 'evaluator', examples: values.length,
        loss: values.reduce((a, b) => a + b, 0) / values.length, perExample: p.losses,
      };
    });
    if (regressionVerdict(window, lossRules).regression_detected) lossAlarms++;
  }
  return { testing: testingAlarms / HISTORIES, loss: lossAlarms / HISTORIES, seed: seedAlarms / HISTORIES };
}

describe('decision quality on 100 difficulty-balanced examples, 200 histories each', () => {
  it('raises at most 5% false alarms on equal checkpoints, with 5 or 10 earlier ones', () => {
    const five = rates(5, 0);
    const ten = rates(10, 0);
    console.log(`false alarms — automated-testing: ${five.testing} (5 earlier), ${ten.testing} (10 earlier); ` +
      `regression-monitor: ${five.loss} (5 earlier), ${ten.loss} (10 earlier); ` +
      `the seed's best-so-far rule: ${five.seed} (5 earlier), ${ten.seed} (10 earlier)`);
    expect(five.testing).toBeLessThanOrEqual(0.05);
    expect(ten.testing).toBeLessThanOrEqual(0.05);
    expect(five.loss).toBeLessThanOrEqual(0.05);
    expect(ten.loss).toBeLessThanOrEqual(0.05);
  });

  it('catches a true 10-point accuracy drop at least 80% of the time with 5 earlier checkpoints', () => {
    const five = rates(5, 0.1);
    const one = rates(1, 0.1);
    console.log(`detection of a 10-point drop — automated-testing: ${five.testing} (5 earlier), ${one.testing} (1 earlier, not asserted); ` +
      `regression-monitor (loss +15% minimum, not asserted): ${five.loss} (5 earlier)`);
    expect(five.testing).toBeGreaterThanOrEqual(0.8);
  });
});
