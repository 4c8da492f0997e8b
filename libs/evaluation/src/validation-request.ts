import type { FlywheelConfig } from '@flywheel/config';
import type { EvaluationRequest } from '@flywheel/contracts';

/**
 * The evaluation every daemon asks for a checkpoint: the fixed validation set with the
 * configured greedy params. One definition, so that every asker (and the evaluator's own
 * queueing on a new checkpoint) builds the same key and shares one job.
 */
export function validationRequest(
  config: FlywheelConfig,
  checkpoint: { name: string; path: string },
  requestedBy: EvaluationRequest['requestedBy'],
): EvaluationRequest {
  return {
    checkpoint: checkpoint.name,
    path: checkpoint.path,
    exampleSet: 'validation',
    params: { maxTokens: config.evaluation.maxTokens, temperature: 0, stop: [] },
    requestedBy,
  };
}
