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

  it('applies ratings from the run\'s feedback stream once each, across a restart, and skips a bad entry', async () => {
    const key = redisNamespace('fb').feedback;
    const tracker = createPerformanceTracker({ policy: { failures: 3, baseMs: 1000 } });
    const bad: string[] = [];
    const follower = followFeedback(new Redis(redis.server.url), 'fb', tracker, (id) => bad.push(id));
    await redis.client.xadd(key, '*', 'record', JSON.stringify(record({ request_id: 'a', rating: 'good' })));
    await redis.client.xadd(key, '*', 'record', '{"not":"a record"}');
    await redis.client.xadd(key, '*', 'record', JSON.stringify(record({ request_id: 'b', rating: 'bad', correction: 'right answer' })));
    await waitFor(() => tracker.feedback('deployed').count === 2 && bad.length === 1, { what: 'two ratings applied' });
    await follower.stop();
    expect(tracker.feedback('deployed')).toEqual({ count: 2, mean: 0.5 });
    expect(tracker.evaluations('deployed').map((e) => [e.request_id, e.rating, e.corrected])).toEqual([['a', 'good', false], ['b', 'bad', true]]);

    // Restarted from the saved snapshot: only the new rating is applied.
    const restarted = createPerformanceTracker({ policy: { failures: 3, baseMs: 1000 } });
    restarted.restore(tracker.snapshot());
    await redis.client.xadd(key, '*', 'record', JSON.stringify(record({ request_id: 'c', rating: 'good', score: 3 })));
    const again = followFeedback(new Redis(redis.server.url), 'fb', restarted, (id) => bad.push(id));
    await waitFor(() => restarted.feedback('deployed').count === 3, { what: 'the third rating' });
    await again.stop();
    expect(restarted.feedback('deployed')).toEqual({ count: 3, mean: 0.5 }); // (1 + 0 + 0.5) / 3
    expect(bad).toHaveLength(1);
  });
});
