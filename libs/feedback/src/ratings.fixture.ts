// Ratings written by hand; the counts and export lines the specs expect are worked out from
// these in comments beside each expectation.
import type { FeedbackRecord } from '@flywheel/contracts';

export const GOOD_1: FeedbackRecord = {
  request_id: 'req-1', rating: 'good', score: 5, at: '2026-11-25T10:00:00.000Z',
  model: 'model-a', prompt: 'What is 2 + 2?', original_completion: '4', skill: 'arithmetic',
};
export const BAD_2: FeedbackRecord = {
  request_id: 'req-2', rating: 'bad', correction: '19', score: 1, at: '2026-11-25T10:05:00.000Z',
  model: 'model-a', prompt: 'What is 9 + 10?', original_completion: '21', skill: 'arithmetic',
};
/** Bad, with nothing to learn from. */
export const BAD_3: FeedbackRecord = {
  request_id: 'req-3', rating: 'bad', at: '2026-11-25T10:10:00.000Z',
  model: 'model-b', prompt: 'Name a prime.', original_completion: '9', skill: null,
};
export const GOOD_4: FeedbackRecord = {
  request_id: 'req-4', rating: 'good', clarification: true, at: '2026-11-25T10:15:00.000Z',
  model: 'model-b', prompt: 'Is Tom a mammal?', original_completion: 'yes', skill: 'logic',
};
/** req-1 rated again, now bad: replaces GOOD_1. */
export const BAD_1_AGAIN: FeedbackRecord = {
  request_id: 'req-1', rating: 'bad', correction: '4, exactly', score: 2, at: '2026-11-25T10:20:00.000Z',
  model: 'model-a', prompt: 'What is 2 + 2?', original_completion: '4', skill: 'arithmetic',
};

/** In file order. In force: BAD_2, BAD_3, GOOD_4, BAD_1_AGAIN (GOOD_1 replaced). */
export const RATINGS: FeedbackRecord[] = [GOOD_1, BAD_2, BAD_3, GOOD_4, BAD_1_AGAIN];
