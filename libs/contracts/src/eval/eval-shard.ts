import { z } from 'zod';
import { CheckpointName } from '../events.js';
import { GenerationParams } from './eval-record.js';

/**
 * The queue of evaluation shards: every evaluator process runs a worker on it (next to its own
 * model server), so the examples of one evaluation are inferred by all of them at once.
 */
export const EVAL_SHARD_QUEUE = 'evaluator-shards';
export const EVAL_SHARD_JOB_NAME = 'evaluation.shard';

/**
 * Examples `[from, to)` of one evaluation, queued by the evaluator that took the `evaluate`
 * job. The job id is `<key>-<from>-<to>`, so a coordinator that runs again (it stalled, it was
 * retried) finds its shards queued, running or done instead of adding more. The example set is
 * named by content (`exampleSetId`): a shard whose set changed meanwhile fails without retries.
 */
export const EvaluateShardJob = z.object({
  kind: z.literal('evaluate.shard'),
  key: z.string().regex(/^[a-f0-9]{32,64}$/),
  checkpoint: CheckpointName,
  path: z.string().min(1),
  checkpointId: z.string().min(1),
  exampleSet: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
  exampleSetId: z.string().min(1),
  params: GenerationParams,
  from: z.number().int().nonnegative(),
  to: z.number().int().positive(),
}).refine((job) => job.to > job.from, { message: 'to must be greater than from', path: ['to'] });
export type EvaluateShardJob = z.infer<typeof EvaluateShardJob>;

/** The shard job id (BullMQ ids may not hold ':'). */
export function evalShardJobId(job: Pick<EvaluateShardJob, 'key' | 'from' | 'to'>): string {
  return `${job.key}-${job.from}-${job.to}`;
}
