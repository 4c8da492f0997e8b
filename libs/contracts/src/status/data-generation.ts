import { z } from 'zod';
import { StatusStamp, Timestamp } from './stamp.js';

const Count = z.number().int().nonnegative();

/** What the queue admission did with the lines of a pass (`libs/training-data/src/admission`). */
export const AdmissionCountsStatus = z.looseObject({
  checked: Count,
  admitted: Count,
  redacted: Count,
  /**
   * Refusals per kind. `contamination_check_unavailable`: the held-out split was too large to
   * index, so the line could not be checked (not the same as `contaminated`, an overlap found);
   * optional, as files written before it was counted apart lack it.
   */
  refused: z.looseObject({ contaminated: Count, contamination_check_unavailable: Count.optional(), golden_wrong: Count, unverified: Count }),
  unverified_reasons: z.record(z.string(), Count),
});

/** The held-out contamination check the pass ran (n-gram overlap with `data/validation`). */
export const ContaminationCheckStatus = z.looseObject({
  held_out: z.string(),
  held_out_examples: Count,
  runs_indexed: Count,
  n: z.number().int().positive(),
  rule: z.string(),
  /** False when the held-out split could not be indexed (every line was then refused as `contamination_check_unavailable`); absent in older files. */
  available: z.boolean().optional(),
  /** Why it could not be indexed, or null. */
  unavailable_reason: z.string().nullable().optional(),
});

/**
 * `status/data_generation.json`: written by data-generation each pass that writes batches,
 * through the status store (stamped, checked, copied to Redis).
 */
export const DataGenerationStatus = z.looseObject({
  ...StatusStamp,
  last_run: Timestamp,
  strategy: z.string(),
  files_written: z.array(z.string()),
  admission: AdmissionCountsStatus,
  contamination: ContaminationCheckStatus,
  refused_examples: z.array(z.looseObject({ file: z.string(), kind: z.string(), reason: z.string() })),
  /**
   * Per batch of the pass: lines asked for (`generation.batchSize`), written, refused, and the
   * generation rounds it took (refused lines are topped up from fresh candidates, a bounded
   * number of times); `file` is null when nothing was admitted, and then no file is written.
   */
  batches: z.array(z.looseObject({ file: z.string().nullable(), requested: Count, written: Count, refused: Count, rounds: Count })).optional(),
});
export type DataGenerationStatus = z.infer<typeof DataGenerationStatus>;
