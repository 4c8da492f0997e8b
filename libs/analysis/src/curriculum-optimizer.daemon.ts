import type { DaemonJob, StatusBody } from '@flywheel/contracts';
import type { DaemonContext, DaemonSpec } from '@flywheel/daemon-runtime';
import { banditPosteriors, bestStrategy, improvementReward, STRATEGIES, thompsonChoice, type StrategyObservation } from '@flywheel/training-data';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { attributeBatches, consumedBatches } from './batch-attribution.js';
import { recentEvaluations, type EvaluatedCheckpoint } from './recent-evaluations.js';

/** The bandit's view of a run: one observation per checkpoint whose batches are known. */
export function curriculumObservations(
  evaluated: readonly EvaluatedCheckpoint[],
  weights: readonly Partial<Record<string, number>>[],
): StrategyObservation[] {
  const out: StrategyObservation[] = [];
  for (let i = 1; i < evaluated.length; i++) {
    const [before, now] = [evaluated[i - 1]!.result.summary.accuracy, evaluated[i]!.result.summary.accuracy];
    if (before === null || now === null || Object.keys(weights[i] ?? {}).length === 0) continue;
    out.push({ reward: improvementReward(before, now), weights: weights[i]! });
  }
  return out;
}

/** curriculum_optimization.json from the observations: the seed's keys, each arm's posterior, and the strategy for the next batches. */
export function curriculumStatus(observations: readonly StrategyObservation[], latestAccuracy: number | null): StatusBody<'curriculum'> {
  const posteriors = banditPosteriors(observations);
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return {
    best_strategy: bestStrategy(posteriors),
    accuracy: latestAccuracy,
    strategies_tested: STRATEGIES.filter((s) => posteriors[s].pulls > 0).length,
    // Thompson sampling picks what the next batches use: mostly the best, sometimes a less-tried one.
    current_strategy: thompsonChoice(posteriors, observations.length + 1),
    observations: observations.length,
    arms: Object.fromEntries(STRATEGIES.map((s) => [s, { pulls: round(posteriors[s].pulls), mean_reward: round(posteriors[s].mean), sd: round(posteriors[s].sd) }])),
    reward: 'share of the previous checkpoint\'s validation errors fixed: (acc − prev) / (1 − prev)',
  };
}

/** curriculum-optimizer (seed 004 §1): learns which difficulty curriculum trains best, from what the checkpoints show. */
export async function curriculumOptimizerProcessor(job: DaemonJob, context: DaemonContext): Promise<void> {
  const { config, logger } = context;
  const { evaluated, problems } = await recentEvaluations(context, 50, 'curriculum-optimizer');
  if (evaluated.length === 0 && problems.length > 0) {
    for (const p of problems) logger.warn({ problem: p }, 'nothing to learn from');
    return;
  }
  const times = await Promise.all(evaluated.map(async (e) => ({
    checkpoint: e.checkpoint,
    at: (await stat(path.join(config.paths.checkpointsDir, e.checkpoint, 'trainer_state.json')).catch(() => null))?.mtimeMs ?? 0,
  })));
  const weights = attributeBatches(times, await consumedBatches(path.join(config.paths.queueDir, 'processed')));
  const observations = curriculumObservations(evaluated, weights);
  const status = curriculumStatus(observations, evaluated.at(-1)?.result.summary.accuracy ?? null);
  await context.statusStore.write('curriculum', { ...status, errors: problems });
  logger.info({ trigger: job.kind, best: status.best_strategy, next: status['current_strategy'], observations: observations.length }, 'curriculum updated');
}

export const curriculumOptimizer: DaemonSpec = {
  name: 'curriculum-optimizer',
  processor: curriculumOptimizerProcessor,
  subscribe: ['checkpoint.ready'],
};
