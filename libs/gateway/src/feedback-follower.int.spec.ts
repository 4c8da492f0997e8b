import { redisNamespace, type FeedbackRecord } from '@flywheel/contracts';
import { redisPerFile, waitFor } from '@flywheel/testing';
import { describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { feedbackScore, followFeedback } from './feedback-follower.js';
import { createPerformanceTracker } from './performance-tracker.js';

const redis = redisPerFile();

const record = (over: Partial<FeedbackRecord>): FeedbackRecord => ({
  request_id: 'r', rating: 'good', at: '2026-11-25T12:00:00.000Z', model: 'deployed', prompt: 'p', original_completion: 'o', skill: null, ...over,
});

describe('feedback follower', () => {
  it('maps ratings to 0–1 scores: the 1–5 score when given, else good 1 and bad 0', () => {
    expect([feedbackScore({ rating: 'good' }), feedbackScore({ rating: 'bad' }), feedbackScore({ rating: 'bad', score: 2 }), feedbackScore({ rating: 'good', score: 5 })]).toEqual([1, 0, 0.25, 1]);
  });

  it('maps five-dimension ratings: score first, else overall, else the mean of the dimensions given', () => {
    // score 2 wins over overall 5: (2 − 1) / 4
    expect(feedbackScore({ rating: 'good', score: 2, dimensions: { overall: 5 } })).toBe(0.25);
    // overall 4 over the others: (4 − 1) / 4
    expect(feedbackScore({ rating: 'bad', dimensions: { overall: 4, relevance: 1 } })).toBe(0.75);
    // mean of 5, 2, 2 = 3: (3 − 1) / 4; the good/bad verdict no longer decides
    expect(feedbackScore({ rating: 'bad', dimensions: { relevance: 5, accuracy: 2, creativity: 2 } })).toBe(0.5);
  });

  it('applies ratings from the run\'s feedback stream once each, across a restart, and skips a bad entry', async () => {
    const key = redisNamespace('fb').feedback;
    const tracker = createPerformanceTracker({ policy: { failures: 3, baseMs: 1000 } });
    const bad: string[] = [];
    const follower = followFeedback(new Redis(redis.server.url), 'fb', tracker, (id) => bad.push(id));
    await redis.client.xadd(key, '*', 'record', JSON.stringify(record({ request_id: 'a', rating: 'good' })));
    await redis.client.xadd(key, '*', 'record', '{"not":"a record"}');
    await redis.client.xadd(key, '*', 'record', JSON.stringify(record({ request_id: 'b', rating: 'bad', correction: 'right answer', dimensions: { accuracy: 1, creativity: 3 } })));
    await waitFor(() => tracker.feedback('deployed').count === 2 && bad.length === 1, { what: 'two ratings applied' });
    await follower.stop();
    // a: good → 1; b: mean of 1 and 3 = 2 → 0.25
    expect(tracker.feedback('deployed')).toEqual({ count: 2, mean: 0.625 });
    expect(tracker.dimensionFeedback('deployed')).toEqual({ accuracy: { count: 1, mean: 1 }, creativity: { count: 1, mean: 3 } });
    expect(tracker.evaluations('deployed').map((e) => [e.request_id, e.rating, e.corrected])).toEqual([['a', 'good', false], ['b', 'bad', true]]);

    // Restarted from the saved snapshot: only the new rating is applied.
    const restarted = createPerformanceTracker({ policy: { failures: 3, baseMs: 1000 } });
    restarted.restore(tracker.snapshot());
    await redis.client.xadd(key, '*', 'record', JSON.stringify(record({ request_id: 'c', rating: 'good', score: 3 })));
    const again = followFeedback(new Redis(redis.server.url), 'fb', restarted, (id) => bad.push(id));
    await waitFor(() => restarted.feedback('deployed').count === 3, { what: 'the third rating' });
    await again.stop();
    expect(restarted.feedback('deployed')).toEqual({ count: 3, mean: 1.75 / 3 }); // (1 + 0.25 + 0.5) / 3
    expect(bad).toHaveLength(1);
  });
});
