import type { ObservedLoss } from './regression-verdict.js';
import type { StatusIssue } from '@flywheel/contracts';

/** A checkpoint as found on disk. */
export interface CheckpointRef {
  name: string;
  step: number;
  path: string;
}

export interface LossReading {
  observed: ObservedLoss;
  /** A problem worth reporting (e.g. a malformed trainer_state.json), named precisely. */
  problem?: StatusIssue;
}

/**
 * Where a checkpoint's validation loss comes from. Today: the checkpoint's own
 * trainer_state.json. The evaluation engine plugs in behind the same interface, adding
 * per-example losses on the fixed validation set.
 */
export interface LossSource {
  readonly name: string;
  lossOf(checkpoint: CheckpointRef): Promise<LossReading>;
}
