// The promise behind issue 15 on the project's simulated training run (its skill curve, as in
// the demo): replayed through the daemons' decisions, no promotion lowers the champion's score,
// and the champion at the end is the best checkpoint of the run or one the paired test cannot
// tell from it.
import { compositeScore, promotionTest, scoreParts } from '@flywheel/analysis';
import { loadConfig } from '@flywheel/config';
import type { Difficulty } from '@flywheel/contracts';
import { describe, expect, it } from '@jest/globals';
import { answerMargin, DEFAULT_SKILL_CURVE, goldenTokenProbability, pCorrect } from '@flywheel/simulation';
import { normalCdf } from '@flywheel/statistics';
import { parseReplayRecords } from './replay-records.js';
import { replayRun } from './replay-run.js';

const SUITE = Array.from({ length: 100 }, (_, i) => ({ id: `suite-${i}`, difficulty: (['easy', 'medium', 'hard'] as Difficulty[])[i % 3]!, skill: ['math', 'geo', 'code', 'logic'][i % 4]! }));

function simulatedRun(seed: string, steps: number[]): string {
  return steps.flatMap((step) => SUITE.map((e) => {
    const margin = answerMargin(seed, `checkpoint-${step}`, e.id, pCorrect(DEFAULT_SKILL_CURVE, step, e.difficulty, e.skill), DEFAULT_SKILL_CURVE.exampleCorrelation);
    return JSON.stringify({ checkpoint: `checkpoint-${step}`, step, example_id: e.id, difficulty: e.difficulty, skill: e.skill, correct: margin > 0, golden_loss: -Math.log(goldenTokenProbability(normalCdf(margin))) });
  })).join('\n');
}

describe('the champion over a simulated improving run', () => {
  it.each(['demo-a', 'demo-b', 'demo-c'])('never loses score at a promotion and ends at the best or its equal (%s)', async (seed) => {
    const config = loadConfig({ argv: [], env: {}, cwd: process.cwd() });
    const steps = Array.from({ length: 24 }, (_, i) => (i + 1) * 50);
    const run = parseReplayRecords(simulatedRun(seed, steps), 'sim.jsonl').checkpoints;
    const lines = await replayRun(run, config, new Date('2026-03-01T00:00:00.000Z'));
    const history = lines.at(-1)!.champion!.history;
    expect(history.length).toBeGreaterThan(1);
    for (let i = 1; i < history.length; i++) expect(history[i]!.score!).toBeGreaterThanOrEqual(history[i - 1]!.score! - 1e-9);
    // The best of the whole run by the composite score: the final champion is it, or the paired
    // test cannot tell the best from it.
    const c = config.comparison;
    const weights = { accuracy: c.weightAccuracy, loss: c.weightLoss, calibration: c.weightCalibration, quality: c.weightQuality };
    const scoreOf = (name: string) => compositeScore(scoreParts(run.find((r) => r.checkpoint === name)!.result.records, config.evaluation.maxTokens, config.calibration.bins), weights);
    const best = run.map((r) => r.checkpoint).reduce((a, b) => (scoreOf(b) > scoreOf(a) ? b : a));
    const final = lines.at(-1)!.champion!.champion!;
    if (final !== best) {
      const test = promotionTest(
        { checkpoint: final, records: run.find((r) => r.checkpoint === final)!.result.records },
        { checkpoint: best, records: run.find((r) => r.checkpoint === best)!.result.records },
        weights,
        config.promotion, { maxTokens: config.evaluation.maxTokens, bins: config.calibration.bins },
      );
      expect(test.pass).toBe(false);
    }
  });
});
