import type { TrainerState } from './trainer-state.js';

export type EvalAtStep =
  | { loss: number; step: number; metrics: Record<string, number> }
  | { loss: null; step: number; reason: string };

/**
 * The validation loss that belongs to this checkpoint: the `eval_loss` logged at exactly
 * `global_step`. Trainer evaluates before it saves when eval and save steps coincide, so that
 * number was measured on these weights; an earlier eval was measured on other weights and is
 * not used (the reason says where the last one was).
 */
export function evalLossAt(state: TrainerState): EvalAtStep {
  const step = state.global_step;
  const evals = state.log_history.filter((entry) => typeof entry.eval_loss === 'number' && entry.step !== undefined);
  const here = evals.filter((entry) => entry.step === step).at(-1);
  if (here && !Number.isFinite(here.eval_loss)) {
    // Python wrote it (a diverged run logs NaN): a loss, but not one to compare or average.
    return { loss: null, step, reason: `eval_loss logged at step ${step} is ${String(here.eval_loss)} (not finite: the run may have diverged)` };
  }
  if (here) {
    const metrics: Record<string, number> = {};
    for (const [key, value] of Object.entries(here)) {
      if (key.startsWith('eval_') && typeof value === 'number') metrics[key] = value;
    }
    return { loss: here.eval_loss!, step, metrics };
  }
  const last = evals.filter((entry) => entry.step! <= step).at(-1);
  return {
    loss: null,
    step,
    reason: last
      ? `no eval_loss logged at step ${step} (last eval at step ${last.step})`
      : `no eval_loss logged at step ${step} (no evals in log_history)`,
  };
}

export interface TrainingPoint {
  step: number;
  loss: number | null;
  learningRate: number | null;
  epoch: number | null;
}

/** The training curve (per-step loss and learning rate), for charts; empty for a summary-only log. */
export function trainingCurve(state: TrainerState): TrainingPoint[] {
  return state.log_history
    .filter((entry) => entry.step !== undefined && (entry.loss !== undefined || entry.learning_rate !== undefined))
    .map((entry) => ({
      step: entry.step!,
      loss: entry.loss ?? null,
      learningRate: entry.learning_rate ?? null,
      epoch: entry.epoch ?? null,
    }));
}

/** The end-of-training summary's mean training loss, when the run logged one. */
export function finalTrainLoss(state: TrainerState): number | null {
  return state.log_history.findLast((entry) => typeof entry.train_loss === 'number')?.train_loss ?? null;
}
