import { automatedTestingStatus, checkpointsToEvaluate, modelComparisonStatus, testingRules, type EvaluatedCheckpoint } from '@flywheel/analysis';
import type { FlywheelConfig } from '@flywheel/config';
import type { StatusBody } from '@flywheel/contracts';
import { deployGates, nextChampion, type ChampionRead, type GateResult } from '@flywheel/deploy';
import { evaluatorLossSource, regressionCheck } from '@flywheel/regression';

/** Every decision the daemons would have made when this checkpoint landed, with its evidence. */
export interface ReplayLine {
  checkpoint: string;
  step: number;
  /** 1-based position in the run. */
  look: number;
  automated_testing: StatusBody<'testing'>;
  regression_monitoring: StatusBody<'regression'>;
  model_comparisons: StatusBody<'model_comparison'>;
  deployment: { candidate: string | null; deployed: boolean; gates: GateResult['checks']; score: number | null };
  /** What serves and who is champion after this checkpoint's decisions. */
  serving: string | null;
  champion: StatusBody<'champion'> | null;
}

/**
 * Replays a recorded run through the daemons' own decision functions, checkpoint by checkpoint
 * in step order, as they run on `checkpoint.ready`: automated-testing (`automatedTestingStatus`),
 * the regression monitor (`regressionCheck` on the evaluator's per-example losses), model
 * comparison (`modelComparisonStatus`, the promotion test) and the deploy gate
 * (`deployGates`); a deployment that passes is taken to succeed (no server here), which makes
 * the candidate champion (`nextChampion`). The same configuration as the daemons'.
 * `at` stamps the champion changes (replays are reproducible: no clock is read).
 */
export async function replayRun(run: readonly EvaluatedCheckpoint[], config: FlywheelConfig, at: Date): Promise<ReplayLine[]> {
  const lines: ReplayLine[] = [];
  let champion: StatusBody<'champion'> | null = null;
  let serving: string | null = null;
  const folders = run.map((c) => ({ name: c.checkpoint, step: c.step, path: c.checkpoint }));
  const byName = new Map(run.map((c) => [c.checkpoint, c]));
  const rules = testingRules(config);
  for (let t = 0; t < run.length; t++) {
    const current = run[t]!;
    const seen = folders.slice(0, t + 1);
    const look = t + 1;
    const championName = champion?.champion ?? null;
    const evaluatedOf = (count: number, kept: string[], around = 0) => checkpointsToEvaluate(seen, count, kept, around).chosen.map((f) => byName.get(f.name)!);

    const testing = automatedTestingStatus(evaluatedOf(rules.baselineCheckpoints + 2, championName ? [championName] : [], rules.baselineCheckpoints - 1), config.samples, rules, { look, champion: championName });
    const regression = await regressionCheck({
      checkpoints: seen,
      window: config.regression.window,
      rules: { ...config.regression, baselineCheckpoints: config.analysis.baselineCheckpoints, runFalsePageRate: config.analysis.runFalsePageRate, runHorizon: config.analysis.runHorizon },
      lossSources: [evaluatorLossSource(async (ref) => byName.get(ref.name)!.result)],
      champion: championName ? (seen.find((f) => f.name === championName) ?? null) : null,
      look,
    });
    const kept = [...new Set([championName, serving, ...config.sync.pinned.split(',').map((s) => s.trim())].filter((n): n is string => !!n))];
    const c = config.comparison;
    const comparison = modelComparisonStatus(evaluatedOf(c.window, kept), {
      weights: { accuracy: c.weightAccuracy, loss: c.weightLoss, calibration: c.weightCalibration, quality: c.weightQuality },
      maxTokens: config.evaluation.maxTokens,
      bins: config.calibration.bins,
      bootstrapIterations: Math.min(config.analysis.bootstrapIterations, 1_000),
      promotion: config.promotion,
    }, championName ?? serving);
    const gates = await deployGates({
      comparison: comparison as Parameters<typeof deployGates>[0]['comparison'],
      testing, regression, champion, deployed: serving,
      complete: async () => ({ complete: true, reason: 'replay: not checked on disk' }),
    });
    if (gates.pass && gates.candidate) {
      const better = gates.checks.find((g) => g.gate === 'better');
      champion = nextChampion(champion as ChampionRead | null, {
        champion: gates.candidate, score: gates.score, at, how: gates.becomes ?? 'promoted', evidence: better?.evidence ?? null, reason: better?.detail ?? 'deployed',
      });
      serving = gates.candidate;
    }
    lines.push({
      checkpoint: current.checkpoint, step: current.step, look,
      automated_testing: testing, regression_monitoring: regression, model_comparisons: comparison,
      deployment: { candidate: gates.candidate, deployed: gates.pass, gates: gates.checks, score: gates.score },
      serving, champion,
    });
  }
  return lines;
}
