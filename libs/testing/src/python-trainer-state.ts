/**
 * The trainer_state.json an fp16 run's Trainer saves after an overflow at `step`, as Python's
 * json writes it (allow_nan, and here a byte-order mark): best_metric NaN, grad_norm Infinity,
 * and an eval_loss of 0.42 logged at the step. Real input, not malformed (issue 17).
 */
export function fp16TrainerState(step: number): string {
  return `\uFEFF{"global_step": ${step}, "best_metric": NaN, "log_history": [` +
    `{"step": ${step}, "loss": 0.9, "grad_norm": Infinity}, {"step": ${step}, "eval_loss": 0.42}]}`;
}
