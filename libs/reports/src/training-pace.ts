import { listCheckpoints } from '@flywheel/checkpoints';
import { stat } from 'node:fs/promises';
import path from 'node:path';

// Seed 000's "time efficiency" (Training performance): whether training keeps its pace. Trainer
// logs carry no per-step clock (`train_runtime` comes only at the end), so the clock is the time
// each checkpoint's trainer_state.json was written; the pace is steps per hour between
// checkpoints, and its reference is the run's own early pace: slowing down scores lower.

/** One checkpoint's step and when its trainer_state.json was written (its file time). */
export interface CheckpointTime {
  checkpoint: string;
  step: number;
  atMs: number;
}

export interface TrainingPace {
  /** Steps per hour over the last `intervals` checkpoint intervals; null when not measured. */
  recent_steps_per_hour: number | null;
  /** The same over the first `intervals`. */
  early_steps_per_hour: number | null;
  /** Intervals (between consecutive checkpoints) each figure is over. */
  intervals: number;
  checkpoints: number;
  /** min(1, recent / early); null when not measured. */
  efficiency: number | null;
  missing: string | null;
}

/** Intervals compared at each end at most. */
export const PACE_INTERVALS = 3;

const HOUR_MS = 3_600_000;

/**
 * The pace from checkpoint times: with m intervals (m + 1 checkpoints by step), k = min(3, ⌊m/2⌋)
 * intervals at each end (disjoint), pace = Σ steps / Σ hours over them. Needs 3 checkpoints;
 * times that do not rise with the step (copied out of order) give no figure.
 */
export function trainingPace(times: readonly CheckpointTime[]): TrainingPace {
  const sorted = [...times].sort((a, b) => a.step - b.step);
  const none = (missing: string, k = 0): TrainingPace => ({ recent_steps_per_hour: null, early_steps_per_hour: null, intervals: k, checkpoints: sorted.length, efficiency: null, missing });
  if (sorted.length < 3) return none(`${sorted.length} checkpoints with a trainer_state.json: at least 3 are needed for two intervals`);
  const intervals = sorted.slice(1).map((c, i) => ({ steps: c.step - sorted[i]!.step, ms: c.atMs - sorted[i]!.atMs }));
  if (intervals.some((d) => d.ms <= 0)) return none('checkpoint file times do not rise with the step (copied out of order or at once?)');
  const k = Math.min(PACE_INTERVALS, Math.floor(intervals.length / 2));
  const pace = (part: typeof intervals) => part.reduce((s, d) => s + d.steps, 0) / (part.reduce((s, d) => s + d.ms, 0) / HOUR_MS);
  const early = pace(intervals.slice(0, k));
  const recent = pace(intervals.slice(-k));
  return { recent_steps_per_hour: recent, early_steps_per_hour: early, intervals: k, checkpoints: sorted.length, efficiency: Math.min(1, recent / early), missing: null };
}

/** The write times of `checkpoint-<step>/trainer_state.json` under `checkpointsDir` (checkpoints without one are left out). */
export async function readTrainingPace(checkpointsDir: string): Promise<TrainingPace> {
  const times: CheckpointTime[] = [];
  for (const c of await listCheckpoints(checkpointsDir)) {
    const info = await stat(path.join(c.path, 'trainer_state.json')).catch(() => null);
    if (info?.isFile()) times.push({ checkpoint: c.name, step: c.step, atMs: info.mtimeMs });
  }
  return trainingPace(times);
}
