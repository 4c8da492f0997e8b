// The three rule sets the decision-quality bench runs side by side over the same simulated
// runs: the seed's, the ones flywheel had before the champion (issue 15), and today's, which
// call exactly the daemons' decision functions with the default configuration.
import { accuracyVerdict, compositeScore, promotionTest, scoreParts, testingRules, type CheckpointOutcomes, type ScoreWeights } from '@flywheel/analysis';
import { loadConfig } from '@flywheel/config';
import type { EvalRecord } from '@flywheel/contracts';
import { regressionVerdict, type ObservedLoss } from '@flywheel/regression';
import { pairedZTest } from '@flywheel/statistics';
import type { SimulatedCheckpoint } from './decision-models.js';

/** What a rule set said at one look. */
export interface LookDecision {
  /** Which tests fired (new rules): testing.sudden, testing.cumulative, monitor.sudden, monitor.cumulative. */
  fired?: string[];
  /** Promotions so far in the run (new rules). */
  promotions?: number;
  /** Either daemon raised a regression (a page). */
  paged: boolean;
  /** A regression against the champion (for the seed and the old rules: against their "best so far" / any flag). */
  versusChampion: boolean;
}

/** Runs a rule set over a run, look by look (index 0 is the first checkpoint). */
export interface RuleSet {
  name: string;
  start(): (history: readonly SimulatedCheckpoint[]) => LookDecision;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const accuracy = (c: SimulatedCheckpoint) => c.correct.filter(Boolean).length / c.correct.length;

/** Seed 004: accuracy more than 5 points below the best checkpoint so far; loss more than 15% above the lowest of the last 5. */
export const seedRules: RuleSet = {
  name: "seed's rules",
  start: () => (history) => {
    const current = history.at(-1)!;
    const earlier = history.slice(0, -1);
    if (earlier.length === 0) return { paged: false, versusChampion: false };
    const testing = accuracy(current) < Math.max(...earlier.map(accuracy)) - 0.05;
    const window = earlier.slice(-4);
    const monitor = mean(current.loss) > 1.15 * Math.min(...window.map((c) => mean(c.loss)));
    return { paged: testing || monitor, versusChampion: testing || monitor };
  },
};

/**
 * flywheel before issue 15: each example's mean over the last 3 earlier checkpoints, paired;
 * a drop of ≥ 5 points with the 95% interval below 0 (automated-testing), a loss rise > 15%
 * with the interval above 0 (regression monitor). The bootstrap intervals are replaced by
 * their normal approximation here (the same call at 100 examples, far faster).
 */
export const oldRules: RuleSet = {
  name: 'old rules (pooled last 3, per look)',
  start: () => (history) => {
    const current = history.at(-1)!;
    const pool = history.slice(0, -1).slice(-3);
    if (pool.length === 0) return { paged: false, versusChampion: false };
    const n = current.correct.length;
    const base = Array.from({ length: n }, (_, i) => mean(pool.map((c) => (c.correct[i] ? 1 : 0))));
    const now = current.correct.map((x) => (x ? 1 : 0));
    const t = pairedZTest(base, now);
    const testing = t.pBelow < 0.025 && -t.difference * 100 >= 5;
    const window = history.slice(-5, -1).slice(-3);
    const lossBase = Array.from({ length: n }, (_, i) => mean(window.map((c) => c.loss[i]!)));
    const l = pairedZTest(lossBase, current.loss);
    const monitor = l.pAbove < 0.025 && (mean(current.loss) - mean(lossBase)) / mean(lossBase) > 0.15;
    return { paged: testing || monitor, versusChampion: testing || monitor };
  },
};

function evalRecords(c: SimulatedCheckpoint): EvalRecord[] {
  return c.correct.map((correct, i) => ({
    exampleId: `e${i}`, difficulty: 'medium', skill: 's', prediction: correct ? 'right' : 'wrong', correct,
    think: { present: false, closed: false, length: 0 }, confidence: { unsupported: 'simulated' },
    golden: { nll: c.loss[i]!, tokens: 1, meanNll: c.loss[i]!, isGreedy: correct }, outputTokens: 1, latencyMs: 0, backend: 'sim', cacheKey: `e${i}`,
  }));
}

/**
 * flywheel now: automated-testing's `accuracyVerdict` and the monitor's `regressionVerdict`
 * (sudden and cumulative, spending the run's budget by look), and between looks what
 * model-comparison and the deploy gate do: the best of the newest `comparison.window` and the
 * champion by composite score is promoted when it passes `promotionTest` against the champion
 * and no daemon flagged it.
 */
export function newRules(): RuleSet {
  const config = loadConfig({ argv: [], env: {}, cwd: process.cwd() });
  const rulesOfTesting = testingRules(config);
  const monitorRules = { ...config.regression, bootstrapIterations: 100, baselineCheckpoints: config.analysis.baselineCheckpoints, runFalsePageRate: config.analysis.runFalsePageRate, runHorizon: config.analysis.runHorizon };
  const c = config.comparison;
  // No confidences in these runs and every answer well formed: accuracy and exp(−loss) decide.
  const weights: ScoreWeights = { accuracy: c.weightAccuracy, loss: c.weightLoss, calibration: c.weightCalibration, quality: c.weightQuality };
  return {
    name: 'new rules (champion, run-level budget)',
    start: () => {
      let champion = 0;
      let promotions = 0;
      const flagged = new Set<number>();
      const cache = new Map<number, { records: EvalRecord[]; outcomes: CheckpointOutcomes; observed: ObservedLoss; score: number }>();
      const prepared = (history: readonly SimulatedCheckpoint[], i: number) => {
        if (!cache.has(i)) {
          const ck = history[i]!;
          const records = evalRecords(ck);
          cache.set(i, {
            records,
            outcomes: { checkpoint: ck.name, correct: new Map(ck.correct.map((x, k) => [`e${k}`, x])), goldenLoss: new Map(ck.loss.map((x, k) => [`e${k}`, x])) },
            observed: { checkpoint: ck.name, step: ck.step, loss: mean(ck.loss), source: 'evaluator', examples: ck.loss.length, perExample: new Map(ck.loss.map((x, k) => [`e${k}`, x])) },
            score: compositeScore(scoreParts(records, config.evaluation.maxTokens, config.calibration.bins), weights),
          });
        }
        return cache.get(i)!;
      };
      return (history) => {
        const t = history.length - 1;
        const look = t + 1;
        const current = prepared(history, t);
        const earlier = history.slice(0, -1).map((_, i) => prepared(history, i));
        const championNow = champion !== t ? prepared(history, champion) : null;
        const testing = accuracyVerdict(current.outcomes, earlier.map((e) => e.outcomes), rulesOfTesting, { look, champion: championNow?.outcomes ?? null });
        const window = history.slice(-config.regression.window).map((_, k, w) => prepared(history, history.length - w.length + k).observed);
        const monitor = regressionVerdict(window, monitorRules, { look, champion: championNow?.observed ?? null });
        const paged = (testing?.regression_detected ?? false) || monitor.regression_detected;
        const versusChampion = (testing?.cumulative?.detected ?? false) || (monitor.evidence.cumulative?.detected ?? false);
        if (paged) flagged.add(t);
        // model-comparison + deploy gate.
        const ranked = [...new Set([champion, ...history.map((_, i) => i).slice(-c.window)])];
        const best = ranked.reduce((a, b) => (prepared(history, b).score > prepared(history, a).score || (prepared(history, b).score === prepared(history, a).score && b > a) ? b : a));
        if (best !== champion && !flagged.has(best)) {
          const test = promotionTest(
            { checkpoint: history[champion]!.name, records: prepared(history, champion).records },
            { checkpoint: history[best]!.name, records: prepared(history, best).records },
            weights, config.promotion, { maxTokens: config.evaluation.maxTokens, bins: config.calibration.bins },
          );
          if (test.pass) {
            champion = best;
            promotions++;
          }
        }
        const fired = [
          ...(testing?.sudden.detected ? ['testing.sudden'] : []), ...(testing?.sudden_persisting?.detected ? ['testing.sudden_persisting'] : []), ...(testing?.cumulative?.detected ? ['testing.cumulative'] : []),
          ...(monitor.evidence.sudden?.detected ? ['monitor.sudden'] : []), ...(monitor.evidence.cumulative?.detected ? ['monitor.cumulative'] : []),
        ];
        return { paged, versusChampion, fired, promotions };
      };
    },
  };
}
