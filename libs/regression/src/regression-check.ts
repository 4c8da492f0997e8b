import type { StatusBody, StatusIssue } from '@flywheel/contracts';
import type { CheckpointRef, LossSource } from './loss-source.js';
import { regressionVerdict, type RegressionRules } from './regression-verdict.js';

export interface RegressionCheckInput {
  /** Every checkpoint on disk, any order. */
  checkpoints: readonly CheckpointRef[];
  window: number;
  rules: RegressionRules;
  lossSource: LossSource;
}

/**
 * One pass of the regression monitor: the last `window` checkpoints by step, their losses,
 * the verdict, and every problem met on the way (a bad checkpoint is reported and skipped;
 * the others are still judged).
 */
export async function regressionCheck(input: RegressionCheckInput): Promise<StatusBody<'regression'>> {
  const recent = [...input.checkpoints].sort((a, b) => a.step - b.step).slice(-input.window);
  const readings = await Promise.all(recent.map((checkpoint) => input.lossSource.lossOf(checkpoint)));
  const errors: StatusIssue[] = readings.flatMap((r) => (r.problem ? [r.problem] : []));
  const verdict = regressionVerdict(
    readings.map((r) => r.observed),
    input.rules,
  );
  return { ...verdict, errors };
}
