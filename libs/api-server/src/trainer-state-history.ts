import { listCheckpoints, parseTrainerState, type TrainerState } from '@flywheel/checkpoints';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** One step of the training curve in `/api/training`'s `trainer_state.history`. */
export interface HistoryPoint {
  step: number;
  loss: number | null;
  learning_rate: number | null;
  eval_loss: number | null;
}

/** `trainer_state` in `/api/training`. */
export interface TrainerStateSummary {
  checkpoint: string;
  global_step: number | null;
  /** JSON has no NaN/Infinity, so a non-finite figure is null in `history` and named here (`log_history[3].grad_norm`: `Infinity`). */
  non_finite: { path: string; value: string }[];
  history: HistoryPoint[];
}

/**
 * The loss / learning-rate / eval-loss curve of a trainer_state.json, one point per step,
 * ascending. Trainer logs a training step and an evaluation at the same step as two
 * entries; they become one point. Entries with none of the three figures (the end-of-run
 * summary with `train_loss`) are left out, so a summary-only log has an empty history.
 */
export function trainerStateHistory(state: TrainerState): HistoryPoint[] {
  const byStep = new Map<number, HistoryPoint>();
  for (const entry of state.log_history) {
    if (entry.step === undefined) continue;
    if (entry.loss === undefined && entry.learning_rate === undefined && entry.eval_loss === undefined) continue;
    const point = byStep.get(entry.step) ?? { step: entry.step, loss: null, learning_rate: null, eval_loss: null };
    // A later entry for the same step wins, as it would in Trainer's own log.
    if (entry.loss !== undefined) point.loss = entry.loss;
    if (entry.learning_rate !== undefined) point.learning_rate = entry.learning_rate;
    if (entry.eval_loss !== undefined) point.eval_loss = entry.eval_loss;
    byStep.set(entry.step, point);
  }
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

export type NewestTrainerState =
  | { state: 'present'; summary: TrainerStateSummary }
  | { state: 'missing' }
  | { state: 'error'; checkpoint: string; error: string };

/**
 * The newest `checkpoint-<step>/trainer_state.json` under `checkpointsDir`: folders without
 * one are skipped (older ones are tried); one that cannot be parsed is reported, naming the
 * file and the field or line.
 */
export async function readNewestTrainerState(checkpointsDir: string): Promise<NewestTrainerState> {
  const checkpoints = await listCheckpoints(checkpointsDir);
  for (const checkpoint of checkpoints.reverse()) {
    const file = path.join(checkpoint.path, 'trainer_state.json');
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (text === null) continue;
    const parsed = parseTrainerState(text, file);
    if (!parsed.ok) {
      const { source, where, message } = parsed.problem;
      return { state: 'error', checkpoint: checkpoint.name, error: `${source}${where ? ` at ${where}` : ''}: ${message}` };
    }
    return {
      state: 'present',
      summary: { checkpoint: checkpoint.name, global_step: parsed.state.global_step, non_finite: parsed.nonFinite, history: trainerStateHistory(parsed.state) },
    };
  }
  return { state: 'missing' };
}
