import type { StatusBody, StatusId } from '@flywheel/contracts';

/** One valid body per status the API tests write (test data). */
export const BODIES: { [Id in StatusId]?: StatusBody<Id> } = {
  regression: {
    regression_detected: true,
    checkpoint: 'checkpoint-1200',
    baseline_loss: 0.45,
    current_loss: 0.58,
    increase_percent: 28.9,
    alert_level: 'critical',
    baseline_checkpoint: 'checkpoint-1100',
    threshold_percent: 15,
    critical_percent: 25,
    evidence: {
      checkpoints: [
        { checkpoint: 'checkpoint-1100', step: 1100, loss: 0.45, source: 'trainer_state', examples: null },
        { checkpoint: 'checkpoint-1200', step: 1200, loss: 0.58, source: 'trainer_state', examples: null },
      ],
      method: 'threshold_only',
      examples: null,
      interval_percent: null,
      p_value: null,
      reason: 'checkpoint-1200 vs checkpoint-1100: +28.9% above the 15% threshold',
    },
    errors: [],
  },
  model_comparison: {
    rankings: [{ checkpoint: 'checkpoint-1100', score: 0.81, accuracy: 0.8, loss: 0.45, ece: 0.05 }],
    best_checkpoint: 'checkpoint-1100',
  },
  training: { status: 'training', current_step: 1234, total_steps: 5000, epoch: 1.5, loss: 0.51, learning_rate: 0.0002, current_file: null },
  curriculum: { best_strategy: 'easy_first', accuracy: 0.74, strategies_tested: 3 },
  confidence: {
    bins: [{ range: '0.0-0.5', accuracy: 0.4, count: 10 }, { range: '0.5-1.0', accuracy: 0.9, count: 30 }],
    ece: 0.04,
    well_calibrated: true,
  },
  deployment: { checkpoint: 'checkpoint-1100', deployed_at: '2026-01-01T00:00:00.000Z', score: 0.81, success: true },
};

/** The body for `id`; throws if the fixture has none. */
export function bodyOf<Id extends StatusId>(id: Id): StatusBody<Id> {
  const body = BODIES[id];
  if (!body) throw new Error(`no fixture body for ${id}`);
  return body as StatusBody<Id>;
}
