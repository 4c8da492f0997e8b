import type { EvalRecord } from '@flywheel/contracts';
import { describe, expect, it } from '@jest/globals';
import { summarizeRecords } from './evaluation-summary.js';

const record = (over: Partial<EvalRecord>): EvalRecord => ({
  exampleId: 'x', difficulty: 'easy', skill: 's', prediction: '', correct: false,
  think: { present: false, closed: false, length: 0 }, confidence: 0.5,
  golden: { nll: 1, tokens: 1, meanNll: 1, isGreedy: true }, outputTokens: 1, latencyMs: 1, backend: 'vllm:m', cacheKey: 'k',
  ...over,
});

describe('summarizeRecords', () => {
  it('gives accuracy, mean confidence and the token-weighted golden loss', () => {
    const summary = summarizeRecords(
      [
        record({ correct: true, confidence: 0.9, golden: { nll: 2, tokens: 4, meanNll: 0.5, isGreedy: true } }),
        record({ correct: false, confidence: 0.3, golden: { nll: 6, tokens: 2, meanNll: 3, isGreedy: false } }),
        record({ correct: true, confidence: { unsupported: 'n/a' }, golden: { unsupported: 'no echo' } }),
      ],
      2,
      1,
    );
    // accuracy 2/3; confidence (0.9 + 0.3) / 2 = 0.6; loss (2 + 6) / (4 + 2) = 4/3 (not the mean of means, 1.75).
    expect(summary).toEqual({
      examples: 3, correct: 2, accuracy: 2 / 3, meanConfidence: expect.closeTo(0.6, 12), goldenLoss: 8 / 6,
      goldenTokens: 6, unsupported: {}, skippedLines: 2, cachedRecords: 1,
    });
  });
  it('reports null with the reason when no record could measure a figure', () => {
    const summary = summarizeRecords([record({ confidence: { unsupported: 'no logprobs' }, golden: { unsupported: 'no echo' } })], 0, 0);
    expect(summary.goldenLoss).toBeNull();
    expect(summary.meanConfidence).toBeNull();
    expect(summary.unsupported).toEqual({ meanConfidence: 'no logprobs', goldenLoss: 'no echo' });
  });
});
