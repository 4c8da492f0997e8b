import { describe, expect, it } from '@jest/globals';
import { exportLines, toJsonLines } from './feedback-export.js';
import { BAD_2, GOOD_4, RATINGS } from './ratings.fixture.js';

// In force, in order: BAD_2 (correction "19"), BAD_3 (no correction: left out), GOOD_4, BAD_1_AGAIN.
const BAD_2_LINE = { prompt: 'What is 9 + 10?', completion: '19', original_completion: '21', rating: 'bad' };
const GOOD_4_LINE = { prompt: 'Is Tom a mammal?', completion: 'yes', rating: 'good' };
const BAD_1_LINE = { prompt: 'What is 2 + 2?', completion: '4, exactly', original_completion: '4', rating: 'bad' };

describe('the export', () => {
  it("writes seed 002's lines: the correction as completion for bad ones, the answer for good ones", () => {
    expect(exportLines(RATINGS)).toEqual([BAD_2_LINE, GOOD_4_LINE, BAD_1_LINE]);
  });

  it('filters by rating', () => {
    expect(exportLines(RATINGS, { rating: 'good' })).toEqual([GOOD_4_LINE]);
    expect(exportLines(RATINGS, { rating: 'bad' })).toEqual([BAD_2_LINE, BAD_1_LINE]);
  });

  it('keeps ratings given at or after `since`', () => {
    expect(exportLines(RATINGS, { since: new Date('2026-11-25T10:05:00Z') })).toEqual([BAD_2_LINE, GOOD_4_LINE, BAD_1_LINE]);
    expect(exportLines(RATINGS, { since: new Date('2026-11-25T10:05:00.001Z') })).toEqual([GOOD_4_LINE, BAD_1_LINE]);
    // GOOD_1 (10:00) was replaced, so nothing of req-1 before 10:20 comes back.
    expect(exportLines(RATINGS, { since: new Date('2026-11-25T10:20:00.001Z') })).toEqual([]);
  });

  it("keeps a rating's five-dimension scores on its line", () => {
    const rated = { ...GOOD_4, request_id: 'req-5', dimensions: { relevance: 4, creativity: 2 } };
    const corrected = { ...BAD_2, request_id: 'req-6', dimensions: { accuracy: 1 } };
    expect(exportLines([rated, corrected])).toEqual([
      { ...GOOD_4_LINE, dimensions: { relevance: 4, creativity: 2 } },
      { ...BAD_2_LINE, dimensions: { accuracy: 1 } },
    ]);
  });

  it('is JSON Lines text', () => {
    expect(toJsonLines([GOOD_4_LINE, { a: 1 }])).toBe('{"prompt":"Is Tom a mammal?","completion":"yes","rating":"good"}\n{"a":1}\n');
    expect(toJsonLines([])).toBe('');
  });
});
