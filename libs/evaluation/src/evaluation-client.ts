import { DEFAULT_JOB_OPTIONS, type EvaluateJob, EvaluationRequest, type EvaluationResult, JOB_NAMES, QUEUE_CLIENT_OPTIONS, redisNamespace } from '@flywheel/contracts';
import { redisClientOptions, type FlywheelConfig } from '@flywheel/config';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import path from 'node:path';
import { evaluationKey } from './cache-keys.js';
import { checkpointIdentity } from './checkpoint-identity.js';
import { createEvalCache, type EvalCache } from './eval-cache.js';
import { loadExampleSet } from './example-set.js';

export interface EvaluationClientOptions {
  redisUrl: string;
  /** `redis.tlsCaFile`: the private CA of a rediss:// server. */
  redisTlsCaFile?: string;
  run: string;
  /** `<dataDir>/<exampleSet>/` holds the example files. */
  dataDir: string;
  /** The evaluator's cache folder, `<statusDir>/evals`. */
  evalsDir: string;
  waitSeconds: number;
  /** `evaluation.redisTtlSeconds`. */
  redisTtlSeconds?: number;
}

export interface EvaluationClient {
  /** The evaluation of a checkpoint on an example set: from the cache, or asked of the evaluator and awaited. */
  evaluate(request: EvaluationRequest): Promise<EvaluationResult>;
  close(): Promise<void>;
}

/**
 * How daemons get evaluations. Every ask is an `evaluate` job on the evaluator's queue whose
 * job id is the evaluation key (checkpoint content, example set content, params), so however
 * many daemons ask at once BullMQ holds one job, and the evaluator infers once.
 */
export function createEvaluationClient(options: EvaluationClientOptions): EvaluationClient {
  const ns = redisNamespace(options.run);
  const connection = new Redis(options.redisUrl, { ...redisClientOptions({ url: options.redisUrl, tlsCaFile: options.redisTlsCaFile }), maxRetriesPerRequest: null });
  const queue = new Queue('evaluator', { connection, prefix: ns.queuePrefix, ...QUEUE_CLIENT_OPTIONS });
  const eventsConnection = connection.duplicate();
  const events = new QueueEvents('evaluator', { connection: eventsConnection, prefix: ns.queuePrefix });
  const cache: EvalCache = createEvalCache({ run: options.run, redis: connection, dir: options.evalsDir, ...(options.redisTtlSeconds ? { ttlSeconds: options.redisTtlSeconds } : {}) });
  const eventsReady = events.waitUntilReady();

  return {
    async evaluate(input) {
      const request = EvaluationRequest.parse(input);
      const [checkpointId, exampleSet] = await Promise.all([
        checkpointIdentity(request.path),
        loadExampleSet(path.join(options.dataDir, request.exampleSet), request.exampleSet),
      ]);
      const key = evaluationKey(checkpointId, exampleSet.id, request.params);
      const cached = await cache.getResult(key, request.checkpoint);
      if (cached) return cached;
      await eventsReady;
      const payload: EvaluateJob = { kind: 'evaluate', ...request, key, checkpointId, exampleSetId: exampleSet.id };
      let job = await queue.add(JOB_NAMES.evaluate, payload, { ...DEFAULT_JOB_OPTIONS, jobId: key });
      // The id may belong to an earlier job: one that failed is retried, one whose result has
      // since left the cache is replaced.
      const state = await job.getState();
      if (state === 'failed') await job.retry('failed').catch(() => undefined);
      if (state === 'completed' && !(await cache.getResult(key, request.checkpoint))) {
        await job.remove().catch(() => undefined);
        job = await queue.add(JOB_NAMES.evaluate, payload, { ...DEFAULT_JOB_OPTIONS, jobId: key });
      }
      try {
        await job.waitUntilFinished(events, options.waitSeconds * 1000);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`evaluation of ${request.checkpoint} on "${request.exampleSet}" failed: ${message}`);
      }
      const result = await cache.getResult(key, request.checkpoint);
      if (!result) throw new Error(`evaluator finished ${request.checkpoint} (job ${key}) but its result is not in the cache`);
      return result;
    },
    async close() {
      await events.close();
      await queue.close();
      eventsConnection.disconnect();
      connection.disconnect();
    },
  };
}

/** The client as every daemon builds it from its configuration. */
export function evaluationClientFor(config: FlywheelConfig): EvaluationClient {
  return createEvaluationClient({
    redisUrl: config.redis.url,
    redisTlsCaFile: config.redis.tlsCaFile,
    run: config.run,
    dataDir: config.paths.dataDir,
    evalsDir: path.join(config.paths.statusDir, 'evals'),
    waitSeconds: config.evaluation.waitSeconds,
    redisTtlSeconds: config.evaluation.redisTtlSeconds,
  });
}
