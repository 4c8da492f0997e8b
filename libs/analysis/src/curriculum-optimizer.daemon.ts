import { ConsumedBatches, redisNamespace, type ConsumedBatchRecord, type CurriculumCheckpoint, type DaemonJob, type StatusBody, type StatusIssue } from '@flywheel/contracts';
import type { DaemonContext, DaemonSpec } from '@flywheel/daemon-runtime';
import { STRATEGIES } from '@flywheel/training-data';
import { banditPosteriors, bestStrategy, improvementReward, thompsonChoice, thompsonSeed, type StrategyObservation } from './strategy-bandit.js';
import { readFile, stat } from 'node:fs/promises';
import { creditBatches, CURRICULUM_CHECKPOINTS_MAX, forgetOldest, lossTrend, observationsFrom, parseMemory } from './curriculum-memory.js';
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

/** curriculum_optimization.json from the observations: the seed's keys, each arm's posterior, and the strategy for the next batches (the Thompson draw seeded by `run` and the count). */
export function curriculumStatus(observations: readonly StrategyObservation[], latestAccuracy: number | null, run = 'default'): StatusBody<'curriculum'> {
  const posteriors = banditPosteriors(observations);
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return {
    best_strategy: bestStrategy(posteriors),
    accuracy: latestAccuracy,
    strategies_tested: STRATEGIES.filter((s) => posteriors[s].pulls > 0).length,
    // Thompson sampling picks what the next batches use: mostly the best, sometimes a less-tried one.
    current_strategy: thompsonChoice(posteriors, thompsonSeed(run, observations.length + 1)),
    observations: observations.length,
    arms: Object.fromEntries(STRATEGIES.map((s) => [s, { pulls: round(posteriors[s].pulls), mean_reward: round(posteriors[s].mean), sd: round(posteriors[s].sd) }])),
    reward: 'share of the previous checkpoint\'s validation golden loss removed, (prev − loss) / prev, where both have one; else the share of its validation errors fixed, (acc − prev) / (1 − prev)',
    reward_basis: {
      golden_loss: observations.filter((o) => o.basis === 'golden_loss').length,
      accuracy: observations.filter((o) => o.basis !== 'golden_loss').length,
    },
  };
}

/**
 * Adds what this pass saw to the memory (in place): each evaluated checkpoint's accuracy and
 * loss, and — once, at first sight — the strategies of the batches it trained on: by the
 * trainer's record (batches whose last step lies after the previous known checkpoint's step,
 * up to its own), else by file times. Returns the entries that changed, as JSON, for Redis.
 */
export function rememberCheckpoints(
  evaluated: readonly EvaluatedCheckpoint[],
  memory: Map<string, CurriculumCheckpoint>,
  record: readonly ConsumedBatchRecord[] | null,
  byFileTimes: readonly Partial<Record<string, number>>[] | null,
): Record<string, string> {
  const updates: Record<string, string> = {};
  evaluated.forEach((e, i) => {
    const known = memory.get(e.checkpoint);
    const steps = [...[...memory.values()].map((c) => c.step), ...evaluated.map((x) => x.step)].filter((s) => s < e.step);
    const previousStep = Math.max(0, ...steps);
    const fromTimes = byFileTimes?.[i];
    const fresh = record ? creditBatches(record, previousStep, e.step) : fromTimes && Object.keys(fromTimes).length ? (fromTimes as Record<string, number>) : null;
    const weights = known?.weights ?? fresh;
    const entry: CurriculumCheckpoint = {
      step: e.step,
      accuracy: e.result.summary.accuracy,
      golden_loss: e.result.summary.goldenLoss ?? null,
      weights,
      credited_by: known?.weights ? known.credited_by : weights ? (record ? 'trainer_record' : 'file_times') : null,
    };
    if (JSON.stringify(known) !== JSON.stringify(entry)) updates[e.checkpoint] = JSON.stringify(entry);
    memory.set(e.checkpoint, entry);
  });
  return updates;
}

/** The trainer's record of the batches it took (`training_status.json` → `consumed_batches`); null when it keeps none. */
async function trainerRecord(statusDir: string, problems: StatusIssue[]): Promise<ConsumedBatchRecord[] | null> {
  const file = path.join(statusDir, 'training_status.json');
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  let list: unknown;
  try {
    list = (JSON.parse(text) as { consumed_batches?: unknown }).consumed_batches;
  } catch (error) {
    problems.push({ source: file, message: `not JSON: ${(error as Error).message}` });
    return null;
  }
  if (list === undefined) return null;
  const parsed = ConsumedBatches.safeParse(list);
  if (!parsed.success) {
    problems.push({ source: file, message: `consumed_batches: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
    return null;
  }
  return parsed.data;
}

/**
 * curriculum-optimizer (seed 004 §1): learns which difficulty curriculum trains best, from
 * what the checkpoints show. What it learns of each checkpoint (accuracy, loss, the strategies
 * of the batches behind it) is kept in Redis with the run, so the observations outlive
 * pruning (`--keep 3` leaves at most three on disk), passes and restarts.
 */
export async function curriculumOptimizerProcessor(job: DaemonJob, context: DaemonContext): Promise<void> {
  const { config, logger } = context;
  // What it learned of older checkpoints is in its Redis memory: it needs only the newest ones,
  // and never more than the evaluator keeps (a pruned result would come back as an error each pass).
  const window = Math.min(50, config.evaluation.keepCheckpoints);
  const { evaluated, problems } = await recentEvaluations(context, window, 'curriculum-optimizer');
  if (evaluated.length === 0 && problems.length > 0) {
    for (const p of problems) logger.warn({ problem: p }, 'nothing to learn from');
    return;
  }
  const key = redisNamespace(config.run).curriculumCheckpoints;
  const stored = context.redis ? parseMemory(await context.redis.hgetall(key)) : { memory: new Map<string, CurriculumCheckpoint>(), problems: [] };
  problems.push(...stored.problems);
  const memory = stored.memory;
  const record = await trainerRecord(config.paths.statusDir, problems);
  // Without the trainer's record, the old estimate: a batch's move into queue/processed/ against the checkpoint's save time.
  const byFileTimes = record ? null : attributeBatches(await Promise.all(evaluated.map(async (e) => ({
    checkpoint: e.checkpoint,
    at: (await stat(path.join(config.paths.checkpointsDir, e.checkpoint, 'trainer_state.json')).catch(() => null))?.mtimeMs ?? 0,
  }))), await consumedBatches(path.join(config.paths.queueDir, 'processed')));
  const updates = rememberCheckpoints(evaluated, memory, record, byFileTimes);
  if (context.redis && Object.keys(updates).length > 0) await context.redis.hset(key, updates);
  const forgotten = forgetOldest(memory, CURRICULUM_CHECKPOINTS_MAX);
  if (context.redis && forgotten.length > 0) {
    await context.redis.hdel(key, ...forgotten);
    logger.info({ forgotten: forgotten.length, kept: memory.size }, 'curriculum memory: oldest checkpoints forgotten');
  }
  const observations = observationsFrom(memory);
  const newest = [...memory.values()].sort((a, b) => a.step - b.step).at(-1);
  const status = curriculumStatus(observations, newest?.accuracy ?? null, config.run);
  await context.statusStore.write('curriculum', {
    ...status,
    checkpoints_remembered: memory.size,
    memory: context.redis ? 'redis' : 'none (no Redis: this pass only)',
    credited_by: record ? 'trainer_record' : 'file_times',
    loss_trend: lossTrend(memory),
    errors: problems,
  });
  logger.info({ trigger: job.kind, best: status.best_strategy, next: status['current_strategy'], observations: observations.length, remembered: memory.size }, 'curriculum updated');
}

export const curriculumOptimizer: DaemonSpec = {
  name: 'curriculum-optimizer',
  processor: curriculumOptimizerProcessor,
  subscribe: ['checkpoint.ready'],
  readsNewestState: true,
};
