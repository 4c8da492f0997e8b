import type { StatusBody, StatusIssue } from '@flywheel/contracts';
import type { CheckpointRef, LossReading, LossSource } from './loss-source.js';
import { regressionVerdict, type RegressionRules } from './regression-verdict.js';

export interface RegressionCheckInput {
  /** Every checkpoint on disk, any order. */
  checkpoints: readonly CheckpointRef[];
  window: number;
  rules: RegressionRules;
  /** In order of preference; the first that measures the newest checkpoint judges the window. */
  lossSources: readonly LossSource[];
  /** The champion (champion.json), compared with whatever the window; null before any. */
  champion?: CheckpointRef | null;
  /** 1-based position of the newest checkpoint in the run; default: its position among `checkpoints`. */
  look?: number;
}

/**
 * One pass of the regression monitor: the last `window` checkpoints by step, their losses
 * (from the first source that can measure the newest one),
 * the verdict, and every problem met on the way (a bad checkpoint is reported and skipped;
 * the others are still judged).
 */
export async function regressionCheck(input: RegressionCheckInput): Promise<StatusBody<'regression'>> {
  const recent = [...input.checkpoints].sort((a, b) => a.step - b.step).slice(-input.window);
  const errors: StatusIssue[] = [];
  let readings: LossReading[] = [];
  let judging: LossSource | undefined;
  // One source per window: a loss from the evaluator and one from trainer_state measure
  // different things on different data, so they are never compared with each other.
  for (const source of input.lossSources) {
    judging = source;
    readings = await Promise.all(recent.map((checkpoint) => source.lossOf(checkpoint)));
    errors.push(...readings.flatMap((r) => (r.problem ? [r.problem] : [])));
    if (readings.at(-1)?.observed.loss != null) break;
  }
  let champion = null;
  if (input.champion && judging) {
    const inWindow = readings.find((r) => r.observed.checkpoint === input.champion!.name);
    const reading = inWindow ?? (await judging.lossOf(input.champion));
    if (!inWindow && reading.problem) errors.push(reading.problem);
    champion = reading.observed;
  }
  const newest = recent.at(-1);
  const look = input.look ?? (newest ? input.checkpoints.filter((c) => c.step <= newest.step).length : 1);
  const verdict = regressionVerdict(
    readings.map((r) => r.observed),
    input.rules,
    { look: Math.max(1, look), champion },
  );
  return { ...verdict, errors };
}
