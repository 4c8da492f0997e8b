import type { StatusBody } from '@flywheel/contracts';

/**
 * A valid `regression` status body (test data). `checkpoints` sets the length of the
 * evidence window, which is how tests make files of very different sizes; `reason` is
 * free text that tests use to tell versions apart.
 */
export function regressionBody(checkpoints = 2, reason = 'fixture'): StatusBody<'regression'> {
  return {
    regression_detected: false,
    checkpoint: checkpoints > 0 ? `checkpoint-${checkpoints * 100}` : null,
    baseline_loss: 0.45,
    current_loss: 0.44,
    increase_percent: -2.2,
    alert_level: 'none',
    baseline_checkpoint: 'checkpoint-100',
    threshold_percent: 15,
    critical_percent: 25,
    evidence: {
      checkpoints: Array.from({ length: checkpoints }, (_, i) => ({
        checkpoint: `checkpoint-${(i + 1) * 100}`,
        step: (i + 1) * 100,
        loss: 0.5 - i / 10_000,
        source: 'trainer_state' as const,
        examples: null,
      })),
      method: 'threshold_only',
      examples: null,
      interval_percent: null,
      p_value: null,
      reason,
    },
    errors: [],
  };
}
