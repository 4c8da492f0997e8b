import { z } from 'zod';
import { StatusIssue, StatusStamp } from './stamp.js';

export const AlertLevel = z.enum(['none', 'warning', 'critical']);
export type AlertLevel = z.infer<typeof AlertLevel>;

/** One checkpoint's validation loss as the regression monitor saw it. */
export const CheckpointLoss = z.object({
  checkpoint: z.string(),
  step: z.number().int().nonnegative(),
  loss: z.number().nullable(),
  /** Where the number came from: the checkpoint's own trainer_state.json, or the evaluator. */
  source: z.enum(['trainer_state', 'evaluator', 'unavailable']),
  /** Examples the loss is averaged over, when the source says. */
  examples: z.number().int().nonnegative().nullable(),
});
export type CheckpointLoss = z.infer<typeof CheckpointLoss>;

/** One of the monitor's tests: against the recent checkpoints (a sudden rise, alone or with the previous checkpoint) or against the champion (a rise however slow). */
export const LossTest = z.object({
  kind: z.enum(['sudden', 'sudden_persisting', 'cumulative']),
  /** The test applied, in words. */
  test: z.string(),
  /** The checkpoints compared with. */
  against: z.array(z.string()),
  examples: z.number().int().nonnegative().nullable(),
  increase_percent: z.number().nullable(),
  /** One-sided p-value of "no increase"; null for the threshold rule. */
  p_value: z.number().min(0).max(1).nullable(),
  /** The error rate the test may spend at this look; null for the threshold rule. */
  alpha: z.number().min(0).max(1).nullable(),
  detected: z.boolean(),
  reason: z.string(),
});
export type LossTest = z.infer<typeof LossTest>;

/** `status/regression_monitoring.json` (seed 004 §3), plus the evidence behind the call. */
export const RegressionMonitoringStatus = z.looseObject({
  ...StatusStamp,
  regression_detected: z.boolean(),
  checkpoint: z.string().nullable(),
  baseline_loss: z.number().nullable(),
  current_loss: z.number().nullable(),
  increase_percent: z.number().nullable(),
  alert_level: AlertLevel,
  baseline_checkpoint: z.string().nullable(),
  threshold_percent: z.number(),
  critical_percent: z.number(),
  evidence: z.object({
    /** The window the call was made on, oldest first. */
    checkpoints: z.array(CheckpointLoss),
    /** `paired_bootstrap` when the checkpoints have per-example losses on the same examples (baseline: their pooled mean); otherwise `threshold_only` (baseline: the best earlier loss). */
    method: z.enum(['paired_bootstrap', 'threshold_only', 'insufficient_data']),
    /** With `paired_bootstrap`: the earlier checkpoints whose per-example mean is the baseline, oldest first. */
    baseline_checkpoints: z.array(z.string()).optional(),
    examples: z.number().int().nonnegative().nullable(),
    /** 95% interval of the relative loss increase, in percent; null when the data cannot give one. */
    interval_percent: z.tuple([z.number(), z.number()]).nullable(),
    p_value: z.number().min(0).max(1).nullable(),
    reason: z.string(),
    /** The two tests behind `regression_detected` (either fires it). */
    sudden: LossTest.optional(),
    /** The last two checkpoints together against the recent pool before them (a rise that stays). */
    sudden_persisting: LossTest.nullable().optional(),
    cumulative: LossTest.nullable().optional(),
    /** The champion (champion.json) the cumulative test compares with; null before any. */
    champion: z.string().nullable().optional(),
    /** The checkpoint's position in the run, and the run's false-page budget it spends a share of. */
    look: z.number().int().positive().optional(),
    run_false_page_rate: z.number().optional(),
  }),
  errors: z.array(StatusIssue),
});
export type RegressionMonitoringStatus = z.infer<typeof RegressionMonitoringStatus>;
