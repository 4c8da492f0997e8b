import { describe, expect, it } from '@jest/globals';
import { FeedbackRecord } from '@flywheel/contracts';
import { toRatingSample } from './samples.js';

const SCORES = { goodRatingScore: 5, badRatingScore: 1 };
const record = (extra: Partial<FeedbackRecord>): FeedbackRecord =>
  FeedbackRecord.parse({ request_id: 'r1', rating: 'bad', at: '2026-03-01T00:00:00.000Z', model: 'deployed', prompt: 'p', original_completion: 'o', skill: null, ...extra });

describe('a rating as the monitor counts it (1–5)', () => {
  it('reads the score, else the overall dimension, else the mean of the dimensions, as the gateway does', () => {
    expect(toRatingSample(record({ score: 2, dimensions: { overall: 4 } }), SCORES).score).toBe(2);
    expect(toRatingSample(record({ dimensions: { overall: 4, relevance: 1 } }), SCORES).score).toBe(4);
    // (5 + 2 + 2) / 3 = 3, not the configured bad-rating score 1.
    expect(toRatingSample(record({ dimensions: { relevance: 5, accuracy: 2, creativity: 2 } }), SCORES).score).toBe(3);
  });

  it('counts a bare good or bad as the configured scores', () => {
    expect(toRatingSample(record({ rating: 'good' }), SCORES).score).toBe(5);
    expect(toRatingSample(record({}), SCORES).score).toBe(1);
  });
});
