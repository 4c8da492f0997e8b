import type { DaemonJob, StatusBody } from '@flywheel/contracts';
import type { DaemonContext, DaemonSpec } from '@flywheel/daemon-runtime';
import { compositeScore, scoreIntervals, scoreParts, type ScoreWeights } from './composite-score.js';
import { recentEvaluations, type EvaluatedCheckpoint } from './recent-evaluations.js';

const round = (x: number | null, digits = 4) => (x === null || Number.isNaN(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits);

export interface ComparisonSettings {
  weights: ScoreWeights;
  maxTokens: number;
  bins: number;
  bootstrapIterations: number;
}

/** model_comparisons.json: every evaluated checkpoint ranked by the composite score. */
export function modelComparisonStatus(evaluated: readonly EvaluatedCheckpoint[], settings: ComparisonSettings): StatusBody<'model_comparison'> {
  const score = (records: Parameters<typeof scoreParts>[0]) => compositeScore(scoreParts(records, settings.maxTokens, settings.bins), settings.weights);
  const recordSets = evaluated.map((e) => e.result.records);
  const { intervals, differenceInterval } = scoreIntervals(recordSets, score, settings.bootstrapIterations);
  const rows = evaluated.map((e, i) => {
    const parts = scoreParts(e.result.records, settings.maxTokens, settings.bins);
    return {
      index: i,
      checkpoint: e.checkpoint,
      score: round(compositeScore(parts, settings.weights))!,
      accuracy: round(parts.accuracy),
      loss: round(parts.loss),
      ece: round(parts.ece),
      quality: round(parts.quality),
      score_interval: intervals[i]!.map((v) => round(v)) as [number | null, number | null],
      examples: e.result.records.length,
    };
  });
  rows.sort((a, b) => b.score - a.score || b.index - a.index);
  const [best, runnerUp] = rows;
  const gap = best && runnerUp ? differenceInterval(best.index, runnerUp.index) : null;
  return {
    rankings: rows.map(({ index: _index, ...row }) => row),
    best_checkpoint: best?.checkpoint ?? null,
    runner_up: runnerUp?.checkpoint ?? null,
    // The best is distinguishable when the paired interval of best − runner-up excludes 0.
    best_distinguishable: gap ? gap[0] > 0 : null,
    best_margin_interval: gap ? (gap.map((v) => round(v)) as [number | null, number | null]) : null,
    weights: settings.weights,
  };
}

/** model-comparison (seed 004 §4). */
export async function modelComparisonProcessor(job: DaemonJob, context: DaemonContext): Promise<void> {
  const { config, logger } = context;
  const { evaluated, problems } = await recentEvaluations(context, config.comparison.window, 'model-comparison');
  if (evaluated.length === 0 && problems.length > 0) {
    for (const p of problems) logger.warn({ problem: p }, 'nothing to compare');
    return;
  }
  const c = config.comparison;
  const status = modelComparisonStatus(evaluated, {
    weights: { accuracy: c.weightAccuracy, loss: c.weightLoss, calibration: c.weightCalibration, quality: c.weightQuality },
    maxTokens: config.evaluation.maxTokens,
    bins: config.calibration.bins,
    bootstrapIterations: Math.min(config.analysis.bootstrapIterations, 1_000),
  });
  await context.statusStore.write('model_comparison', { ...status, errors: problems });
  logger.info({ trigger: job.kind, best: status.best_checkpoint, distinguishable: status['best_distinguishable'] }, 'ranked');
}

export const modelComparison: DaemonSpec = {
  name: 'model-comparison',
  processor: modelComparisonProcessor,
  subscribe: ['checkpoint.ready'],
};
