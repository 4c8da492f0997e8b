import type { EvaluationResult } from '@flywheel/contracts';
import type { CheckpointRef, LossReading, LossSource } from './loss-source.js';

/**
 * Losses from the evaluation engine: the teacher-forced loss of the golden answers of the
 * fixed validation set (token-weighted, like a Trainer's eval_loss), with each example's mean
 * token loss so the verdict can pair examples across checkpoints.
 */
export function evaluatorLossSource(evaluate: (checkpoint: CheckpointRef) => Promise<EvaluationResult>): LossSource {
  return {
    name: 'evaluator',
    async lossOf(checkpoint) {
      const base = { checkpoint: checkpoint.name, step: checkpoint.step };
      let result: EvaluationResult;
      try {
        result = await evaluate(checkpoint);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return unavailable(base, `evaluator: ${message}`, { source: checkpoint.path, message: `evaluation failed: ${message}` });
      }
      const { goldenLoss, unsupported } = result.summary;
      if (goldenLoss === null) {
        return unavailable(base, `evaluator could not measure the golden loss: ${unsupported['goldenLoss'] ?? 'no examples'}`);
      }
      const perExample = new Map<string, number>();
      for (const record of result.records) if ('meanNll' in record.golden) perExample.set(record.exampleId, record.golden.meanNll);
      return { observed: { ...base, loss: goldenLoss, source: 'evaluator', examples: perExample.size, perExample } };
    },
  };
}

function unavailable(base: { checkpoint: string; step: number }, reason: string, problem?: LossReading['problem']): LossReading {
  return { observed: { ...base, loss: null, examples: null, source: 'unavailable', unavailableReason: reason }, problem };
}
