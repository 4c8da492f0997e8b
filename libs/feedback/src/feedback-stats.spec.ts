import { describe, expect, it } from '@jest/globals';
import { feedbackStats } from './feedback-stats.js';
import { RATINGS } from './ratings.fixture.js';

describe('feedback stats', () => {
  it('counts the ratings in force by model and skill', () => {
    const problems = [{ file: '/x/ratings.jsonl', line: 7, message: 'not JSON: …' }];
    // In force: BAD_2 (model-a, arithmetic, score 1), BAD_3 (model-b, no skill), GOOD_4
    // (model-b, logic, clarification), BAD_1_AGAIN (model-a, arithmetic, score 2).
    expect(feedbackStats({ file: '/x/ratings.jsonl', records: RATINGS, problems })).toEqual({
      file: '/x/ratings.jsonl',
      total: 4,
      good: 1,
      bad: 3,
      with_correction: 2,
      mean_score: 1.5,
      clarifications: 1,
      scored: 2,
      last_rating_at: '2026-11-25T10:20:00.000Z',
      replaced: 1,
      by_model: {
        'model-a': { total: 2, good: 0, bad: 2, with_correction: 2, mean_score: 1.5 },
        'model-b': { total: 2, good: 1, bad: 1, with_correction: 0, mean_score: null },
      },
      by_skill: {
        '(none)': { total: 1, good: 0, bad: 1, with_correction: 0, mean_score: null },
        arithmetic: { total: 2, good: 0, bad: 2, with_correction: 2, mean_score: 1.5 },
        logic: { total: 1, good: 1, bad: 0, with_correction: 0, mean_score: null },
      },
      errors: problems,
    });
  });

  it('says there is nothing yet for an empty file', () => {
    const stats = feedbackStats({ file: 'f', records: [], problems: [] });
    expect([stats.total, stats.mean_score, stats.last_rating_at, stats.by_model, stats.errors]).toEqual([0, null, null, {}, []]);
  });
});
