import type { EvalRecord } from '@flywheel/contracts';
import { describe, expect, it } from '@jest/globals';
import { modelComparisonStatus, type Promotion } from './model-comparison.daemon.js';
import { checkpointsToEvaluate } from './recent-evaluations.js';

const record = (exampleId: string, correct: boolean): EvalRecord => ({
  exampleId, difficulty: 'easy', skill: 's', prediction: correct ? '4' : '5', correct, think: { present: false, closed: false, length: 0 },
  confidence: { unsupported: 'test' }, golden: { unsupported: 'test' }, outputTokens: 1, latencyMs: 1, backend: 'vllm:m', cacheKey: exampleId,
});
const evaluated = (checkpoint: string, right: number) => ({
  checkpoint, step: Number(checkpoint.split('-')[1]), result: { records: Array.from({ length: 100 }, (_, i) => record(`e${i}`, i < right)) } as never,
});
const settings = {
  weights: { accuracy: 1, loss: 0, calibration: 0, quality: 0 }, maxTokens: 8, bins: 5, bootstrapIterations: 100,
  promotion: { alpha: 0.05, minGain: 0, accuracyMarginPoints: 2, qualityMarginPoints: 2, eceMargin: 0.02 },
};

describe('checkpointsToEvaluate', () => {
  it('takes the newest and every kept checkpoint, however old, and names kept ones not on disk', () => {
    const all = [100, 200, 300, 400, 500].map((step) => ({ name: `checkpoint-${step}`, step, path: `/c/checkpoint-${step}` }));
    const { chosen, missingKept } = checkpointsToEvaluate(all, 2, ['checkpoint-100', 'checkpoint-50']);
    expect(chosen.map((c) => c.name)).toEqual(['checkpoint-100', 'checkpoint-400', 'checkpoint-500']);
    expect(missingKept).toEqual(['checkpoint-50']);
  });
});

describe('model comparison with a champion', () => {
  it('tests the best against the champion and passes a clear winner', () => {
    const status = modelComparisonStatus([evaluated('checkpoint-100', 60), evaluated('checkpoint-200', 80)], settings, 'checkpoint-100');
    const promotion = status['promotion'] as Promotion;
    expect(status.best_checkpoint).toBe('checkpoint-200');
    expect(promotion).toMatchObject({ champion: 'checkpoint-100', challenger: 'checkpoint-200', pass: true, examples: 100 });
  });
  it('promotes nothing while the champion ranks first', () => {
    const status = modelComparisonStatus([evaluated('checkpoint-100', 80), evaluated('checkpoint-200', 70)], settings, 'checkpoint-100');
    expect(status['promotion']).toMatchObject({ champion: 'checkpoint-100', challenger: null, pass: false });
  });
  it('passes over a checkpoint a rollback rejected and tests the next best', () => {
    const status = modelComparisonStatus(
      [evaluated('checkpoint-100', 60), evaluated('checkpoint-200', 90), evaluated('checkpoint-300', 80)], settings, 'checkpoint-100', ['checkpoint-200'],
    );
    expect(status.best_checkpoint).toBe('checkpoint-200');
    const promotion = status['promotion'] as Promotion;
    expect(promotion).toMatchObject({ champion: 'checkpoint-100', challenger: 'checkpoint-300', pass: true });
    expect(promotion.reason).toContain('passed over, rejected by a rollback: checkpoint-200');
  });
  it('fails closed when the champion has no records', () => {
    const status = modelComparisonStatus([evaluated('checkpoint-200', 70), evaluated('checkpoint-300', 80)], settings, 'checkpoint-100');
    const promotion = status['promotion'] as Promotion;
    expect(promotion).toMatchObject({ champion: 'checkpoint-100', challenger: 'checkpoint-300', pass: false });
    expect(promotion.reason).toContain('champion checkpoint-100 has no validation records');
  });
});
