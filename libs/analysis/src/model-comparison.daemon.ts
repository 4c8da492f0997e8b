import type { DaemonJob, StatusBody } from '@flywheel/contracts';
import type { DaemonContext, DaemonSpec } from '@flywheel/daemon-runtime';
import { keptNames, readPinsFile } from '@flywheel/checkpoints';
import { readChampionAndDeployed } from '@flywheel/status-store';
import { compositeScore, scoreIntervals, scoreParts, type ScoreWeights } from './composite-score.js';
import { promotionTest, type PromotionRules, type PromotionTest } from './promotion-test.js';
import { recentEvaluations, type EvaluatedCheckpoint } from './recent-evaluations.js';

const round = (x: number | null, digits = 4) => (x === null || Number.isNaN(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits);

export interface ComparisonSettings {
  weights: ScoreWeights;
  maxTokens: number;
  bins: number;
  bootstrapIterations: number;
  promotion: PromotionRules;
}

/** model_comparisons.json's `promotion`: may the best checkpoint replace the champion? */
export type Promotion = { champion: string | null; challenger: string | null; pass: boolean; reason: string } & Partial<Omit<PromotionTest, 'champion' | 'challenger' | 'pass' | 'reason'>>;

/**
 * The promotion call on a ranking (best first): the best checkpoint that a rollback has not
 * rejected, against the champion, by the paired test. Without a champion there is nothing to
 * test (the deploy gate decides what a first deployment needs); a champion without records
 * fails closed.
 */
export function promotionOf(
  evaluated: readonly EvaluatedCheckpoint[],
  ranking: readonly string[],
  champion: string | null,
  settings: ComparisonSettings,
  rejected: readonly string[] = [],
): Promotion {
  const best = ranking.find((name) => !rejected.includes(name)) ?? null;
  const passedOver = rejected.filter((name) => ranking.indexOf(name) >= 0 && (best === null || ranking.indexOf(name) < ranking.indexOf(best)));
  const note = passedOver.length ? ` (passed over, rejected by a rollback: ${passedOver.join(', ')})` : '';
  if (!best) return { champion, challenger: null, pass: false, reason: `nothing ranked yet${note}` };
  if (!champion) return { champion: null, challenger: best, pass: false, reason: `no champion yet: ${best} is ranked first, with nothing to test it against${note}` };
  if (best === champion) return { champion, challenger: null, pass: false, reason: `champion ${champion} still ranks first: nothing to promote${note}` };
  const of = (name: string) => evaluated.find((e) => e.checkpoint === name);
  const championRecords = of(champion);
  if (!championRecords) {
    return { champion, challenger: best, pass: false, reason: `champion ${champion} has no validation records here (not on disk or not evaluated): cannot test ${best} against it; not promoted${note}` };
  }
  const test = promotionTest(
    { checkpoint: champion, records: championRecords.result.records },
    { checkpoint: best, records: of(best)!.result.records },
    settings.weights,
    settings.promotion,
    { maxTokens: settings.maxTokens, bins: settings.bins },
  );
  return { ...test, reason: test.reason + note };
}

/**
 * model_comparisons.json: every evaluated checkpoint (the window, the champion, the deployed
 * and pinned ones) ranked by the composite score, and the promotion test of the best against
 * the champion.
 */
export function modelComparisonStatus(
  evaluated: readonly EvaluatedCheckpoint[],
  settings: ComparisonSettings,
  champion: string | null = null,
  rejected: readonly string[] = [],
): StatusBody<'model_comparison'> {
  const recordSets = evaluated.map((e) => e.result.records);
  const { intervals, differenceInterval } = scoreIntervals(recordSets, (parts) => compositeScore(parts, settings.weights), settings.bootstrapIterations, settings);
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
    champion,
    promotion: promotionOf(evaluated, rows.map((r) => r.checkpoint), champion, settings, rejected),
  };
}

/** model-comparison (seed 004 §4). */
export async function modelComparisonProcessor(job: DaemonJob, context: DaemonContext): Promise<void> {
  const { config, logger } = context;
  const kept = {
    ...(await readChampionAndDeployed(context.statusStore)),
    pinned: [...config.sync.pinned.split(',').map((s) => s.trim()).filter(Boolean), ...(await readPinsFile(config.paths.statusDir))],
  };
  // Before champion records existed the deployed checkpoint was the one to beat.
  const champion = kept.champion ?? kept.deployed;
  const { evaluated, problems } = await recentEvaluations(context, config.comparison.window, 'model-comparison', { kept: keptNames(kept) });
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
    promotion: config.promotion,
  }, champion, kept.rejected);
  await context.statusStore.write('model_comparison', { ...status, errors: problems });
  logger.info({ trigger: job.kind, best: status.best_checkpoint, distinguishable: status['best_distinguishable'] }, 'ranked');
  const promotion = status['promotion'] as Promotion;
  logger.info({ champion, challenger: promotion.challenger, pass: promotion.pass }, promotion.reason);
}

export const modelComparison: DaemonSpec = {
  name: 'model-comparison',
  processor: modelComparisonProcessor,
  subscribe: ['checkpoint.ready'],
  readsNewestState: true,
};
