import { FeedbackRecord, GatewayEvent, redisNamespace } from '@flywheel/contracts';
import { feedbackScore } from '@flywheel/gateway';
import type { Redis } from 'ioredis';
import type { ScoredRequest } from './canary-pairs.js';
import { liveQuality, type JudgeScores } from './live-quality.js';

const CHUNK = 1_000;

/** Stream entries from `startId` on, oldest first, in chunks (bounded by the stream's own cap, `gateway.eventsMaxLength`). */
async function readFrom(redis: Redis, key: string, startId: string): Promise<[string, string[]][]> {
  const all: [string, string[]][] = [];
  let start = startId;
  for (;;) {
    const chunk = (await redis.xrange(key, start, '+', 'COUNT', CHUNK)) as [string, string[]][];
    all.push(...chunk);
    if (chunk.length < CHUNK) return all;
    start = `(${chunk.at(-1)![0]}`;
  }
}

const field = (fields: string[], name: string) => fields[fields.indexOf(name) + 1];

/**
 * The scored requests of a canary since it started: the gateway events that name an arm and
 * one of the two checkpoints, each with its live quality from its outcome, the user ratings
 * joined by request id (the newest rating of a request counts) and the judge's scores when a
 * judge is given. A request answered by another upstream after the arm failed counts as that
 * arm's error (the arm's attempt is the one on `deployedUpstream`). Unparseable entries are
 * skipped and counted.
 */
export async function canaryRequests(
  redis: Redis,
  options: { run: string; since: Date; canary: string; champion: string; deployedUpstream: string; judge?: JudgeScores },
): Promise<{ requests: ScoredRequest[]; skipped: number; events: number }> {
  const keys = redisNamespace(options.run);
  const startId = `${options.since.getTime()}-0`;
  const [eventEntries, feedbackEntries] = await Promise.all([readFrom(redis, keys.gatewayEvents, startId), readFrom(redis, keys.feedback, startId)]);
  let skipped = 0;
  const events: GatewayEvent[] = [];
  for (const [, fields] of eventEntries) {
    try {
      const event = GatewayEvent.parse(JSON.parse(field(fields, 'event') ?? ''));
      const arm = event.canary_arm;
      if (arm && event.checkpoint === (arm === 'canary' ? options.canary : options.champion)) events.push(event);
    } catch {
      skipped++;
    }
  }
  const ratings = new Map<string, number>();
  for (const [, fields] of feedbackEntries) {
    try {
      const record = FeedbackRecord.parse(JSON.parse(field(fields, 'record') ?? ''));
      ratings.set(record.request_id, feedbackScore(record));
    } catch {
      skipped++;
    }
  }
  const judged = options.judge ? await options.judge.scoresOf(events.map((e) => e.id)) : new Map<string, number>();
  const requests: ScoredRequest[] = [];
  for (const event of events) {
    const armAnswered = event.outcome === 'success' && event.model === options.deployedUpstream;
    const outcome = armAnswered || event.outcome === 'error' ? { outcome: event.outcome, fault: event.fault } : { outcome: 'error' as const, fault: 'model' as const };
    const quality = liveQuality(outcome, { rating: armAnswered ? ratings.get(event.id) : null, judge: armAnswered ? judged.get(event.id) : null });
    if (quality !== null) requests.push({ id: event.id, at: Date.parse(event.at), arm: event.canary_arm!, skill: event.skill, quality });
  }
  return { requests, skipped, events: events.length };
}
