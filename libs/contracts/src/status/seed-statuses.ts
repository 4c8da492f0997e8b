import { z } from 'zod';
import { CheckpointName } from '../events.js';
import { StatusIssue, StatusStamp, Timestamp } from './stamp.js';

// Status files of the daemons that later issues build. Each keeps the seed's keys (seed 004)
// with their names and meaning; the daemons that write them may add keys (loose objects).

/** `status/training_status.json`: written by the training side; read by the API and the dashboard. */
export const TrainingStatus = z.looseObject({
  ...StatusStamp,
  status: z.enum(['training', 'idle', 'paused', 'stopped', 'crashed', 'finished']).optional(),
  current_step: z.number().int().nonnegative().optional(),
  total_steps: z.number().int().nonnegative().nullable().optional(),
  epoch: z.number().nonnegative().optional(),
  loss: z.number().nullable().optional(),
  learning_rate: z.number().nullable().optional(),
  current_file: z.string().nullable().optional(),
});

/** `status/curriculum_optimization.json` (§1). */
export const CurriculumOptimizationStatus = z.looseObject({
  ...StatusStamp,
  best_strategy: z.string().nullable(),
  accuracy: z.number().min(0).max(1).nullable(),
  strategies_tested: z.number().int().nonnegative(),
});

/** `status/adversarial_mining.json` (§2). */
export const AdversarialMiningStatus = z.looseObject({
  ...StatusStamp,
  checkpoint: z.string().nullable(),
  examples_tested: z.number().int().nonnegative(),
  failures_found: z.number().int().nonnegative(),
  hard_examples_written: z.number().int().nonnegative(),
  patterns: z.record(z.string(), z.number().int().nonnegative()),
  output_file: z.string().nullable(),
});

/** `status/model_comparisons.json` (§4). */
export const ModelComparisonsStatus = z.looseObject({
  ...StatusStamp,
  rankings: z.array(
    z.looseObject({
      checkpoint: z.string(),
      score: z.number(),
      accuracy: z.number().min(0).max(1).nullable(),
      loss: z.number().nullable(),
      ece: z.number().min(0).max(1).nullable(),
    }),
  ),
  /**
   * A checkpoint folder name or null: the deployer makes a path (`rm -rf …/<name>` when
   * staging) and the server command's {name} out of it, so nothing else is a valid file.
   */
  best_checkpoint: CheckpointName.nullable(),
});

/** `status/confidence_calibration.json` (§5). */
export const ConfidenceCalibrationStatus = z.looseObject({
  ...StatusStamp,
  bins: z.array(
    z.looseObject({
      range: z.string().regex(/^\d(\.\d+)?-\d(\.\d+)?$/, 'expected "lo-hi", e.g. "0.0-0.2"'),
      accuracy: z.number().min(0).max(1).nullable(),
      count: z.number().int().nonnegative(),
    }),
  ),
  ece: z.number().min(0).max(1).nullable(),
  well_calibrated: z.boolean(),
});

/** `status/self_correction.json` (§6). */
export const SelfCorrectionStatus = z.looseObject({
  ...StatusStamp,
  files_checked: z.number().int().nonnegative(),
  lines_checked: z.number().int().nonnegative(),
  errors_found: z.number().int().nonnegative(),
  corrections_generated: z.number().int().nonnegative(),
  error_patterns: z.record(z.string(), z.number().int().nonnegative()),
  quarantined: z.array(StatusIssue),
});

/** `status/automated_testing.json` (§7). */
export const AutomatedTestingStatus = z.looseObject({
  ...StatusStamp,
  checkpoint: z.string().nullable(),
  overall_accuracy: z.number().min(0).max(1).nullable(),
  by_difficulty: z.looseObject({
    easy: z.number().min(0).max(1).nullable(),
    medium: z.number().min(0).max(1).nullable(),
    hard: z.number().min(0).max(1).nullable(),
  }),
  regression_detected: z.boolean(),
  baseline: z.string().nullable(),
});

/** `status/last_deployment.json` (§8). */
export const LastDeploymentStatus = z.looseObject({
  ...StatusStamp,
  checkpoint: z.string().nullable(),
  deployed_at: Timestamp.nullable(),
  score: z.number().nullable(),
  success: z.boolean(),
  /** Staged copies removed from `<servingDir>/checkpoints` after this deployment (`deploy.keepServed`); absent in older files. */
  serving_pruned: z.array(z.string()).optional(),
  /** Why the serving folder could not be pruned; null or absent when it could. */
  serving_prune_error: z.string().nullable().optional(),
  /**
   * The model name the serving server answers for `serving` (a LoRA adapter's name, "command"'s
   * served model name): what the gateway sends its `deployed` upstream. Null when the server
   * chooses ("pm2"); absent in older files.
   */
  served_model: z.string().nullable().optional(),
  /** LoRA adapters unloaded from the server after this deployment (`deploy.keepLoadedAdapters`); absent in older files. */
  adapters_unloaded: z.array(z.string()).optional(),
  /** Why an adapter could not be listed or unloaded (the deployment stands); null or absent when nothing failed. */
  adapters_unload_error: z.string().nullable().optional(),
  /** The smoke request through the gateway (`deploy.gatewayUrl`), as a user sends it; null or absent when none was sent. */
  gateway_smoke: z.looseObject({
    ok: z.boolean(),
    /** The `model` the gateway's answer named (null: no answer). */
    model: z.string().nullable(),
    detail: z.string(),
    seconds: z.number().nonnegative(),
  }).nullable().optional(),
});

/** `status/checkpoint_sync.json` (§10). */
export const CheckpointSyncStatus = z.looseObject({
  ...StatusStamp,
  last_run: Timestamp.nullable(),
  remote_host: z.string().nullable(),
  checkpoints_seen: z.number().int().nonnegative(),
  checkpoints_pulled: z.array(z.string()),
  checkpoints_pruned: z.array(z.string()),
  bytes_transferred: z.number().int().nonnegative(),
  throughput_mb_s: z.number().nonnegative().nullable(),
  errors: z.array(StatusIssue),
});
