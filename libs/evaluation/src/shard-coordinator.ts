import { DEFAULT_JOB_OPTIONS, EVAL_SHARD_JOB_NAME, evalShardJobId, type EvaluateJob, type EvaluateShardJob, type EvalRecord, type EvaluationResult } from '@flywheel/contracts';
import type { Job, Queue, QueueEvents } from 'bullmq';
import type { Logger } from 'pino';
import { recordCacheKey } from './cache-keys.js';
import type { EvalCache } from './eval-cache.js';
import { evaluationResultOf } from './evaluate-set.js';
import { shardRanges } from './evaluate-shard.js';
import type { ExampleSet } from './example-set.js';

export interface ShardCoordinatorInput {
  job: EvaluateJob;
  checkpointId: string;
  exampleSet: ExampleSet;
  cache: EvalCache;
  /** The `evaluator-shards` queue and its events. */
  queue: Queue;
  events: QueueEvents;
  shardExamples: number;
  /** How long to wait for the shards (the asker's `evaluation.waitSeconds`). */
  waitMs: number;
  logger?: Logger;
  now?: () => Date;
}

/**
 * One evaluation over every evaluator: its examples go on the shard queue in ranges of
 * `shardExamples` (ranges whose records are all cached are not queued), the shards are awaited,
 * and the result is assembled from the cached records in example order. A shard job left
 * from an earlier attempt is reused when queued or running, retried when failed, and run again
 * when done but its records have left the cache. A record still missing at the end fails the
 * evaluation (and so retries it), never a partial result.
 */
export async function evaluateInShards(input: ShardCoordinatorInput): Promise<EvaluationResult> {
  const { job, exampleSet } = input;
  const examples = exampleSet.examples;
  const keys = examples.map((e) => recordCacheKey(input.checkpointId, e, job.params));
  const before = await input.cache.getRecords(input.checkpointId, keys);
  const pending: Job[] = [];
  for (const range of shardRanges(examples.length, input.shardExamples)) {
    if (keys.slice(range.from, range.to).every((k) => before.has(k))) continue;
    const payload: EvaluateShardJob = {
      kind: 'evaluate.shard', key: job.key, checkpoint: job.checkpoint, path: job.path, checkpointId: input.checkpointId,
      exampleSet: exampleSet.name, exampleSetId: exampleSet.id, params: job.params, ...range,
    };
    const opts = { ...DEFAULT_JOB_OPTIONS, jobId: evalShardJobId(payload) };
    let shard = await input.queue.add(EVAL_SHARD_JOB_NAME, payload, opts);
    const state = await shard.getState();
    if (state === 'failed') await shard.retry('failed').catch(() => undefined);
    if (state === 'completed') {
      await shard.remove().catch(() => undefined);
      shard = await input.queue.add(EVAL_SHARD_JOB_NAME, payload, opts);
    }
    pending.push(shard);
  }
  input.logger?.info({ checkpoint: job.checkpoint, examples: examples.length, cached: before.size, shards: pending.length }, 'evaluation queued in shards');
  const deadline = Date.now() + input.waitMs;
  for (const shard of pending) {
    try {
      await shard.waitUntilFinished(input.events, Math.max(1, deadline - Date.now()));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`shard ${shard.id} of ${job.checkpoint} on "${exampleSet.name}" failed: ${message}`);
    }
  }
  const found = await input.cache.getRecords(input.checkpointId, keys);
  const records: EvalRecord[] = [];
  keys.forEach((key, index) => {
    const record = found.get(key);
    if (!record) throw new Error(`shards of ${job.checkpoint} finished but example ${examples[index]!.id} has no record in the cache`);
    records.push(record);
  });
  const backends = [...new Set(records.map((r) => r.backend))].sort();
  return evaluationResultOf({
    checkpoint: job.checkpoint, checkpointId: input.checkpointId, exampleSet, params: job.params, records,
    cachedRecords: before.size, backend: backends.join(', ') || 'none', ...(input.now ? { now: input.now } : {}),
  });
}
