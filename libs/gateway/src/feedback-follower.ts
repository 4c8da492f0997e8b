import { FeedbackRecord, fivePointRating, redisNamespace } from '@flywheel/contracts';
import type { Redis } from 'ioredis';
import type { PerformanceTracker } from './performance-tracker.js';

/**
 * A rating as a 0–1 score, from the first of: the 1–5 `score`, the `overall` dimension, the
 * mean of the dimensions given (each 1–5, mapped (x − 1) / 4); else good 1, bad 0.
 */
export function feedbackScore(record: Pick<FeedbackRecord, 'rating' | 'score' | 'dimensions'>): number {
  const fivePoint = fivePointRating(record);
  if (fivePoint !== undefined) return (fivePoint - 1) / 4;
  return record.rating === 'good' ? 1 : 0;
}

export interface FeedbackFollower {
  stop(): Promise<void>;
}

/**
 * Applies every rating that arrives on the run's feedback stream to the tracker (its feedback
 * scores and evaluations), from the tracker's saved cursor on, so a restart neither loses nor
 * repeats one. Needs its own Redis connection (XREAD BLOCK holds it).
 */
export function followFeedback(redis: Redis, run: string, tracker: PerformanceTracker, onBadRecord: (id: string, problem: string) => void): FeedbackFollower {
  const key = redisNamespace(run).feedback;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      let reply: [string, [string, string[]][]][] | null;
      try {
        reply = (await redis.xread('COUNT', 100, 'BLOCK', 1000, 'STREAMS', key, tracker.feedbackCursor())) as typeof reply;
      } catch {
        if (stopped) return;
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      for (const [, entries] of reply ?? []) {
        for (const [id, fields] of entries) {
          const json = fields[fields.indexOf('record') + 1];
          try {
            const record = FeedbackRecord.parse(JSON.parse(json ?? ''));
            tracker.recordFeedback({
              model: record.model,
              request_id: record.request_id,
              score: feedbackScore(record),
              rating: record.rating,
              corrected: record.correction !== undefined,
              at: record.at,
              ...(record.dimensions ? { dimensions: record.dimensions } : {}),
            });
          } catch (error) {
            onBadRecord(id, (error as Error).message);
          }
          tracker.setFeedbackCursor(id);
        }
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      redis.disconnect();
      await loop;
    },
  };
}
