import type { FlywheelConfig } from '@flywheel/config';
import { type DaemonJob, DEFAULT_JOB_OPTIONS, type EvaluateJob, EvaluationRequest, type EvaluationResult, JOB_NAMES, QUEUE_CLIENT_OPTIONS, redisNamespace } from '@flywheel/contracts';
import { startShardWorker, type ShardWorker } from './shard-worker.js';
import type { DaemonContext, DaemonSpec } from '@flywheel/daemon-runtime';
import type { Endpoint, ModelBackend, ServingStrategy } from '@flywheel/model-backend';
import { Queue } from 'bullmq';
import path from 'node:path';
import type { Logger } from 'pino';
import { evaluationKey } from './cache-keys.js';
import { checkpointIdentity } from './checkpoint-identity.js';
import { createEvalCache } from './eval-cache.js';
import { pruneEvaluationRecords } from './evals-retention.js';
import { evaluateSet } from './evaluate-set.js';
import { loadExampleSet, type ExampleSet } from './example-set.js';
import { quarantineRejected } from './quarantine.js';
import { validationRequest } from './validation-request.js';

export interface EvaluatorDeps {
  serving: ServingStrategy;
  /** Builds the client for an endpoint the strategy hands out. */
  backendFor(endpoint: Endpoint): ModelBackend;
}

/** Example sets by name, loaded once per process and again only when their content changes. */
function exampleSets(dataDir: string) {
  const loaded = new Map<string, ExampleSet>();
  return async (name: string, logger: Logger): Promise<ExampleSet> => {
    const fresh = await loadExampleSet(path.join(dataDir, name), name);
    const known = loaded.get(name);
    if (known && known.id === fresh.id && known.rejected.length === fresh.rejected.length) return known;
    loaded.set(name, fresh);
    const file = await quarantineRejected(dataDir, name, fresh.rejected);
    for (const line of fresh.rejected) logger.warn({ file: line.file, line: line.line, reason: line.reason }, 'example skipped');
    if (file) logger.warn({ quarantine: file, skipped: fresh.rejected.length }, `example set "${name}": bad lines kept in the quarantine file`);
    logger.info({ exampleSet: name, examples: fresh.examples.length, id: fresh.id }, 'example set loaded');
    return fresh;
  };
}

/**
 * The evaluator: the process that sends evaluation traffic to its model server. With
 * `evaluation.shardExamples` set, several evaluators (one per server) share each evaluation:
 * the one taking the `evaluate` job coordinates, every one's shard worker infers.
 * `evaluate` jobs come from daemons (see createEvaluationClient); a `checkpoint.ready` event
 * queues the validation evaluation of the new checkpoint under the same key a daemon would
 * use, so their asks find it done or in progress rather than starting another.
 */
export function evaluatorDaemon(deps: EvaluatorDeps): DaemonSpec {
  let sets: ReturnType<typeof exampleSets> | undefined;
  let shards: ShardWorker | undefined;
  async function evaluate(job: EvaluateJob, context: DaemonContext): Promise<EvaluationResult> {
    const { config, logger } = context;
    sets ??= exampleSets(config.paths.dataDir);
    const cache = createEvalCache({ run: config.run, redis: context.redis, dir: path.join(config.paths.statusDir, 'evals'), ttlSeconds: config.evaluation.redisTtlSeconds });
    const cached = await cache.getResult(job.key, job.checkpoint);
    if (cached) return cached;
    const exampleSet = await sets(job.exampleSet, logger);
    // Identity as seen here: if the checkpoint changed since the ask, the records say so.
    const checkpointId = await checkpointIdentity(job.path);
    // In shards, this evaluator only coordinates: its own server works through its shard worker,
    // and so loads the checkpoint only if it takes one of its shards.
    const served = shards ? null : await deps.serving.serve({ name: job.checkpoint, path: job.path });
    try {
      const result = shards
        ? await shards.evaluate({ job, checkpointId, exampleSet, cache, logger, waitMs: config.evaluation.waitSeconds * 1000 })
        : await evaluateSet({
          backend: deps.backendFor(served!.endpoint),
          checkpoint: job.checkpoint,
          checkpointId,
          exampleSet,
          params: job.params,
          cache,
          logger,
        });
      await cache.putResult(job.key, result);
      const retention = await pruneEvaluationRecords(path.join(config.paths.statusDir, 'evals'), config.paths.statusDir, {
        keep: config.evaluation.keepCheckpoints, aroundKept: config.testing.baselineCheckpoints - 1, pinned: config.sync.pinned,
        beforeRemove: (checkpoint) => cache.forgetCheckpoint(checkpoint),
      });
      if (retention.removed.length > 0) logger.info({ removed: retention.removed }, 'evaluations of old checkpoints removed (evaluation.keepCheckpoints)');
      if (retention.skipped) logger.warn({ reason: retention.skipped }, 'status/evals/ not pruned');
      const { accuracy, goldenLoss, meanConfidence } = result.summary;
      logger.info({ checkpoint: job.checkpoint, accuracy, goldenLoss, meanConfidence }, 'evaluation cached');
      return result;
    } finally {
      await served?.release();
    }
  }

  return {
    name: 'evaluator',
    subscribe: ['checkpoint.ready'],
    async sidecar({ config, redis, logger }) {
      if (config.evaluation.shardExamples === 0) return { close: async () => undefined };
      sets ??= exampleSets(config.paths.dataDir);
      const worker = startShardWorker({ config, redis, logger, deps, exampleSet: sets });
      await worker.ready;
      shards = worker;
      return { close: (force) => worker.close(force) };
    },
    async processor(job: DaemonJob, context: DaemonContext) {
      switch (job.kind) {
        case 'evaluate':
          await evaluate(job, context);
          return;
        case 'checkpoint.ready': {
          const queued = await queueValidationEvaluation(context.config, job.checkpoint, job.path, context);
          context.logger.info({ checkpoint: job.checkpoint, jobId: queued }, 'validation evaluation queued');
          return;
        }
        case 'tick':
        case 'manual':
          return;
      }
    },
  };
}

/** Queues `evaluate` for a checkpoint on the validation set, under the key any daemon's ask would use. */
export async function queueValidationEvaluation(
  config: FlywheelConfig,
  checkpoint: string,
  checkpointPath: string,
  context: Pick<DaemonContext, 'redis'>,
): Promise<string> {
  if (!context.redis) throw new Error('queueing an evaluation needs Redis');
  const request = EvaluationRequest.parse(validationRequest(config, { name: checkpoint, path: checkpointPath }, 'evaluator'));
  const set = await loadExampleSet(path.join(config.paths.dataDir, request.exampleSet), request.exampleSet);
  const checkpointId = await checkpointIdentity(checkpointPath);
  const key = evaluationKey(checkpointId, set.id, request.params);
  const queue = new Queue('evaluator', { connection: context.redis, prefix: redisNamespace(config.run).queuePrefix, ...QUEUE_CLIENT_OPTIONS });
  try {
    const payload: EvaluateJob = { kind: 'evaluate', ...request, key, checkpointId, exampleSetId: set.id };
    await queue.add(JOB_NAMES.evaluate, payload, { ...DEFAULT_JOB_OPTIONS, jobId: key });
  } finally {
    await queue.close();
  }
  return key;
}
