import { redisLogFields, type FlywheelConfig } from '@flywheel/config';
import { EVAL_SHARD_QUEUE, EvaluateShardJob, finishedJobRetention, queueEventsRetention, redisNamespace, type EvaluationResult } from '@flywheel/contracts';
import { Queue, QueueEvents, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import path from 'node:path';
import type { Logger } from 'pino';
import { createEvalCache } from './eval-cache.js';
import { evaluateShard } from './evaluate-shard.js';
import type { EvaluatorDeps } from './evaluator-daemon.js';
import type { ExampleSet } from './example-set.js';
import { claimToken, type InferenceClaims } from './inference-claim.js';
import { createServingPool } from './serving-pool.js';
import { evaluateInShards, type ShardCoordinatorInput } from './shard-coordinator.js';

export interface ShardWorkerOptions {
  config: FlywheelConfig;
  /** The daemon's connection (`maxRetriesPerRequest: null`). */
  redis: Redis;
  logger: Logger;
  deps: EvaluatorDeps;
  exampleSet: (name: string, logger: Logger) => Promise<ExampleSet>;
  /** Claim lifetime and polling (tests shorten them). */
  claims?: Pick<InferenceClaims, 'ttlMs' | 'pollMs'>;
}

export interface ShardWorker {
  ready: Promise<void>;
  /** Coordinates one evaluation over the shard queue (see evaluateInShards). */
  evaluate(input: Omit<ShardCoordinatorInput, 'queue' | 'events' | 'shardExamples'>): Promise<EvaluationResult>;
  close(force: boolean): Promise<void>;
}

/**
 * The evaluator's second worker: shards of any evaluation, `evaluation.shardConcurrency` at a
 * time, on this evaluator's own model server (`backend.baseUrl`). Each evaluator process
 * runs one, so however many share the run's Redis, every shard queued is taken by whichever is
 * free, and a checkpoint is served only where one of its shards runs.
 */
export function startShardWorker(options: ShardWorkerOptions): ShardWorker {
  const { config, redis, logger } = options;
  const ns = redisNamespace(config.run);
  const queue = new Queue(EVAL_SHARD_QUEUE, { connection: redis, prefix: ns.queuePrefix, ...queueEventsRetention(config.queue) });
  const eventsConnection = redis.duplicate();
  const events = new QueueEvents(EVAL_SHARD_QUEUE, { connection: eventsConnection, prefix: ns.queuePrefix });
  const cache = createEvalCache({ run: config.run, redis, dir: path.join(config.paths.statusDir, 'evals'), ttlSeconds: config.evaluation.redisTtlSeconds });
  const claims: InferenceClaims = { redis, run: config.run, token: claimToken(), ...options.claims };
  const pool = createServingPool(options.deps);

  const processShard = async (job: Job) => {
    const parsed = EvaluateShardJob.safeParse(job.data);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new UnrecoverableError(`shard job ${job.id} has an invalid payload: ${detail}`);
    }
    const shard = parsed.data;
    const log = logger.child({ jobId: job.id, kind: shard.kind, checkpoint: shard.checkpoint });
    const exampleSet = await options.exampleSet(shard.exampleSet, log);
    if (exampleSet.id !== shard.exampleSetId) {
      throw new UnrecoverableError(`example set "${shard.exampleSet}" changed since shard ${job.id} was queued (${shard.exampleSetId} → ${exampleSet.id})`);
    }
    const started = Date.now();
    const held = await pool.acquire({ name: shard.checkpoint, path: shard.path });
    try {
      const done = await evaluateShard({ job: shard, exampleSet, backend: held.backend, cache, claims });
      log.info({ from: shard.from, to: shard.to, ...done, durationMs: Date.now() - started }, 'shard done');
    } finally {
      await held.release();
    }
  };

  const worker = new Worker(EVAL_SHARD_QUEUE, processShard, {
    connection: redis,
    prefix: ns.queuePrefix,
    concurrency: config.evaluation.shardConcurrency,
    lockDuration: config.queue.lockDurationMs,
    stalledInterval: config.queue.stalledIntervalMs,
    maxStalledCount: config.queue.maxStalledCount,
    ...finishedJobRetention(config.queue),
  });
  worker.on('error', (error) => logger.error(redisLogFields(error), 'shard worker error'));
  worker.on('failed', (job, error) => logger.warn({ jobId: job?.id, err: error }, 'shard failed'));
  worker.on('stalled', (jobId) => logger.warn({ jobId }, 'shard stalled (its evaluator died): it runs again'));
  queue.on('error', (error) => logger.warn(redisLogFields(error), 'shard queue error'));
  events.on('error', (error) => logger.warn(redisLogFields(error), 'shard queue events error'));

  const ready = Promise.all([worker.waitUntilReady(), events.waitUntilReady(), queue.waitUntilReady()]).then(() => undefined);
  return {
    ready,
    evaluate: (input) => evaluateInShards({ ...input, queue, events, shardExamples: config.evaluation.shardExamples }),
    async close(force) {
      await worker.close(force);
      await events.close();
      await queue.close();
      eventsConnection.disconnect();
    },
  };
}
