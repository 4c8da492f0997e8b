import type { z } from 'zod';
import type { DaemonName } from '../daemons.js';
import { CanaryStatus } from './canary.js';
import { ChampionStatus } from './champion.js';
import { RegressionMonitoringStatus } from './regression.js';
import { DataGenerationStatus } from './data-generation.js';
import {
  AdversarialMiningStatus,
  AutomatedTestingStatus,
  CheckpointSyncStatus,
  ConfidenceCalibrationStatus,
  CurriculumOptimizationStatus,
  LastDeploymentStatus,
  ModelComparisonsStatus,
  SelfCorrectionStatus,
  TrainingStatus,
} from './seed-statuses.js';
import { LlmHealthStatus } from '../production/llm-health.js';
import { AlertAnalystStatus } from '../production/alert.js';

export interface StatusFileSpec {
  /** File name inside the run's status folder, as the seed names it. */
  file: string;
  /** Bumped when a key changes meaning; readers can tell old files from new. */
  schemaVersion: number;
  schema: z.ZodType;
  /** The daemon that writes it; null when it comes from outside flywheel (the trainer). */
  writer: DaemonName | null;
}

function spec<S extends z.ZodType>(file: string, schema: S, writer: DaemonName | null, schemaVersion = 1) {
  return { file, schema, writer, schemaVersion } satisfies StatusFileSpec;
}

/** The ten status files of seed 004, then the production side's, keyed by a short id. One place; nothing else declares them. */
export const STATUS_FILES = {
  training: spec('training_status.json', TrainingStatus, null),
  curriculum: spec('curriculum_optimization.json', CurriculumOptimizationStatus, 'curriculum-optimizer'),
  adversarial: spec('adversarial_mining.json', AdversarialMiningStatus, 'adversarial-miner'),
  regression: spec('regression_monitoring.json', RegressionMonitoringStatus, 'regression-monitor'),
  model_comparison: spec('model_comparisons.json', ModelComparisonsStatus, 'model-comparison'),
  confidence: spec('confidence_calibration.json', ConfidenceCalibrationStatus, 'confidence-calibrator'),
  self_correction: spec('self_correction.json', SelfCorrectionStatus, 'self-correction'),
  data_generation: spec('data_generation.json', DataGenerationStatus, 'data-generation'),
  testing: spec('automated_testing.json', AutomatedTestingStatus, 'automated-testing'),
  deployment: spec('last_deployment.json', LastDeploymentStatus, 'checkpoint-auto-deploy'),
  checkpoint_sync: spec('checkpoint_sync.json', CheckpointSyncStatus, 'checkpoint-sync'),
  champion: spec('champion.json', ChampionStatus, 'checkpoint-auto-deploy'),
  canary: spec('canary.json', CanaryStatus, 'checkpoint-auto-deploy'),
  llm_health: spec('llm_health.json', LlmHealthStatus, 'production-monitor'),
  alert_analyst: spec('alert_analyst.json', AlertAnalystStatus, 'alert-analyst'),
};
export type StatusId = keyof typeof STATUS_FILES;
export type StatusOf<Id extends StatusId> = z.infer<(typeof STATUS_FILES)[Id]['schema']>;
/** The declared keys of a loose object type (its index signature left out). */
type DeclaredKeys<T> = keyof { [K in keyof T as string extends K ? never : K]: T[K] };

/**
 * What a writer hands the status store: every declared key but the stamp the store adds, and
 * any extra keys. (A plain `Omit` would flatten the loose schemas' index signature to `unknown`.)
 */
export type StatusBody<Id extends StatusId> = StatusFields<Id> & Record<string, unknown>;

/** The declared keys of a status file, without the stamp (for building a body piece by piece). */
export type StatusFields<Id extends StatusId> = {
  // Homomorphic (`keyof T` with an `as` filter) so that optional keys stay optional.
  [K in keyof StatusOf<Id> as K extends Exclude<DeclaredKeys<StatusOf<Id>>, 'last_update' | 'schema_version'>
    ? K
    : never]: StatusOf<Id>[K];
};
export const STATUS_IDS = Object.keys(STATUS_FILES) as StatusId[];
