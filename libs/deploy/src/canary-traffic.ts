import { FeedbackRecord, GatewayEvent, redisNamespace, type CanaryArm } from '@flywheel/contracts';
import { feedbackScore } from '@flywheel/gateway';
import type { Redis } from 'ioredis';
import type { ScoredRequest } from './canary-pairs.js';
import { liveQuality, type JudgeScores } from './live-quality.js';

const CHUNK = 1_000;
/** How long a canary's copied requests outlive its last pass. */
const TTL_SECONDS = 7 * 24 * 3600;

/** Stream entries from `start` (an XRANGE start: `<id>` inclusive, `(<id>` exclusive), oldest first, in chunks. */
async function readFrom(redis: Redis, key: string, from: string): Promise<[string, string[]][]> {
  const all: [string, string[]][] = [];
  let start = from;
  for (;;) {
    const chunk = (await redis.xrange(key, start, '+', 'COUNT', CHUNK)) as [string, string[]][];
    all.push(...chunk);
    if (chunk.length < CHUNK) return all;
    start = `(${chunk.at(-1)![0]}`;
  }
}

const field = (fields: string[], name: string) => fields[fields.indexOf(name) + 1];

/** What a canary keeps of a request: enough to score it once its rating arrives. */
interface KeptRequest {
  at: number;
  arm: CanaryArm;
  skill: string | null;
  /** The arm's attempt answered (not an error, not a fallback's answer). */
  answered: boolean;
  fault: 'model' | 'caller' | null;
}

export interface CanaryTrafficOptions {
  run: string;
  since: Date;
  canary: string;
  champion: string;
  /** The gateway upstream whose traffic is split (the first: `deployed` by default). */
  deployedUpstream: string;
  /** Most requests kept for one canary; past it, new ones are not kept (counted in `dropped`). @defaultValue 200000 (about 30 MB) */
  maxRequests?: number;
  /**
   * How long a rating can still arrive after its request (`gateway.requestTtlSeconds`: feedback
   * joins a rating through the stored request, which then expires); an answer unrated and
   * unjudged for longer can never score and is no longer kept. @defaultValue 1 day
   */
  ratingWindowMs?: number;
  now?: Date;
  judge?: JudgeScores;
}

/**
 * The scored requests of a canary since it started. Each pass copies the new gateway events that
 * name an arm and one of the two checkpoints (from where the last pass stopped) into the
 * canary's own hash, so a trial that outlasts the gateway stream's cap (`gateway.eventsMaxLength`)
 * loses none; then scores every kept request from its outcome, the user ratings joined by
 * request id (the newest rating counts; ratings arrive after their request, so they are read
 * afresh each pass, from the canary's start) and the judge's scores when a judge is given. A
 * request answered by another upstream after the arm failed counts as that arm's error.
 */
export async function canaryRequests(redis: Redis, options: CanaryTrafficOptions): Promise<{ requests: ScoredRequest[]; skipped: number; kept: number; dropped: number }> {
  const keys = redisNamespace(options.run);
  const started = options.since.getTime();
  const hash = keys.canaryRequests(started);
  const cursorKey = keys.canaryCursor(started);
  const cursor = await redis.get(cursorKey);
  // The first pass reads from the canary's start; later ones after the last id read.
  const entries = await readFrom(redis, keys.gatewayEvents, cursor === null ? `${started}-0` : `(${cursor}`);
  let skipped = 0;
  let dropped = 0;
  let kept = await redis.hlen(hash);
  const fresh: string[] = [];
  for (const [, fields] of entries) {
    let event: GatewayEvent;
    try {
      event = GatewayEvent.parse(JSON.parse(field(fields, 'event') ?? ''));
    } catch {
      skipped++;
      continue;
    }
    const arm = event.canary_arm;
    if (!arm || event.checkpoint !== (arm === 'canary' ? options.canary : options.champion)) continue;
    if (kept >= (options.maxRequests ?? 200_000)) {
      dropped++;
      continue;
    }
    const answered = event.outcome === 'success' && event.model === options.deployedUpstream;
    const request: KeptRequest = { at: Date.parse(event.at), arm, skill: event.skill, answered, fault: answered ? null : event.outcome === 'error' && event.fault === 'caller' ? 'caller' : 'model' };
    fresh.push(event.id, JSON.stringify(request));
    kept++;
  }
  const multi = redis.multi();
  if (fresh.length) multi.hset(hash, ...fresh);
  if (entries.length) multi.set(cursorKey, entries.at(-1)![0], 'EX', TTL_SECONDS);
  multi.expire(hash, TTL_SECONDS);
  await multi.exec();

  const ratings = new Map<string, number>();
  for (const [, fields] of await readFrom(redis, keys.feedback, `${started}-0`)) {
    try {
      const record = FeedbackRecord.parse(JSON.parse(field(fields, 'record') ?? ''));
      ratings.set(record.request_id, feedbackScore(record));
    } catch {
      skipped++;
    }
  }
  const all = Object.entries(await redis.hgetall(hash)).map(([id, json]) => [id, JSON.parse(json) as KeptRequest] as const);
  const judged = options.judge ? await options.judge.scoresOf(all.filter(([, r]) => r.answered).map(([id]) => id)) : new Map<string, number>();
  const requests: ScoredRequest[] = [];
  const expired: string[] = [];
  const ratedBefore = (options.now ?? new Date()).getTime() - (options.ratingWindowMs ?? 86_400_000);
  for (const [id, r] of all) {
    const quality = liveQuality(r.answered ? { outcome: 'success', fault: null } : { outcome: 'error', fault: r.fault }, { rating: r.answered ? ratings.get(id) : null, judge: r.answered ? judged.get(id) : null });
    if (quality !== null) requests.push({ id, at: r.at, arm: r.arm, skill: r.skill, quality });
    else if (r.at < ratedBefore) expired.push(id);
  }
  if (expired.length) await redis.hdel(hash, ...expired);
  return { requests, skipped, kept: kept - expired.length, dropped };
}
