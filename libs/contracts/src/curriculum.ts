import { z } from 'zod';

/**
 * One batch the trainer took, as it records it in `training_status.json` under
 * `consumed_batches` (the trainer protocol, docs/data-loop.md): the file it moved from
 * `queue/normal/` to `queue/processed/`, when, and the steps it trained on it.
 */
export const ConsumedBatchRecord = z.looseObject({
  file: z.string().min(1),
  /** The strategy its lines name, when the trainer read it; else the optimizer reads the file. */
  strategy: z.string().nullable().optional(),
  lines: z.number().int().nonnegative().optional(),
  taken_at: z.string(),
  /** Trained on from `first_step` up to and including `last_step`. */
  first_step: z.number().int().nonnegative(),
  last_step: z.number().int().nonnegative(),
});
export type ConsumedBatchRecord = z.infer<typeof ConsumedBatchRecord>;

/**
 * What the curriculum optimizer remembers of a checkpoint, in Redis with the run
 * (`redisNamespace(run).curriculumCheckpoints`, one hash field per checkpoint), so that its
 * observations outlive pruning, passes and restarts.
 */
export const CurriculumCheckpoint = z.object({
  step: z.number().int().nonnegative(),
  accuracy: z.number().min(0).max(1).nullable(),
  /** Mean teacher-forced loss of the goldens on the validation set (the evaluator's `goldenLoss`). */
  golden_loss: z.number().nullable(),
  /** Share of the batches it trained on per strategy; null when none is known. */
  weights: z.record(z.string(), z.number().min(0).max(1)).nullable(),
  /** How the batches were credited: the trainer's own record, or file times (a trainer that keeps none). */
  credited_by: z.enum(['trainer_record', 'file_times']).nullable(),
});
export type CurriculumCheckpoint = z.infer<typeof CurriculumCheckpoint>;

/** `consumed_batches` of `training_status.json`, oldest first. */
export const ConsumedBatches = z.array(ConsumedBatchRecord);
