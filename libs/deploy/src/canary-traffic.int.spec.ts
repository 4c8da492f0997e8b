// The canary's copy of its traffic, on a real Redis: events and ratings as the gateway and the
// feedback API write them (the stream fields `event` and `record`).
import { describe, expect, it } from '@jest/globals';
import { FeedbackRecord, GatewayEvent, JudgeScoreRecord, judgeKeys, redisNamespace } from '@flywheel/contracts';
import { redisPerFile } from '@flywheel/testing';
import { canaryRequests } from './canary-traffic.js';
import { judgeScoresOf } from './judge-scores.js';

const redis = redisPerFile();
const STARTED = Date.parse('2026-03-01T12:00:00Z');
let runs = 0;

function event(id: string, at: number, arm: 'canary' | 'champion', outcome: 'success' | 'error' = 'success', model = 'deployed'): GatewayEvent {
  return GatewayEvent.parse({
    id, at: new Date(at).toISOString(), kind: 'chat', stream: false, model, outcome, status: outcome === 'success' ? 200 : 500, error: outcome === 'success' ? null : 'boom',
    fault: outcome === 'success' ? null : 'model', latency_ms: 5, first_token_ms: null, prompt_tokens: 1, completion_tokens: 1, tokens_per_second: null,
    attempts: [{ model: 'deployed', outcome, status: 200, error: null, latency_ms: 5 }], prompt: 'p', output: 'o', skill: 'math',
    canary_arm: arm, checkpoint: arm === 'canary' ? 'checkpoint-200' : 'checkpoint-100',
  });
}

async function setup() {
  const run = `traffic${++runs}`;
  const keys = redisNamespace(run);
  // Stream ids carry the event's time, as the gateway's `*` ids do (near enough).
  const add = (e: GatewayEvent) => redis.client.xadd(keys.gatewayEvents, `${Date.parse(e.at)}-*`, 'event', JSON.stringify(e));
  const rate = (id: string, good: boolean, at: number) => redis.client.xadd(keys.feedback, `${at}-*`, 'record', JSON.stringify(FeedbackRecord.parse({
    request_id: id, rating: good ? 'good' : 'bad', at: new Date(at).toISOString(), model: 'deployed', prompt: 'p', original_completion: 'o', skill: 'math',
  })));
  const read = (extra: Partial<Parameters<typeof canaryRequests>[1]> = {}) =>
    canaryRequests(redis.client, { run, since: new Date(STARTED), canary: 'checkpoint-200', champion: 'checkpoint-100', deployedUpstream: 'deployed', now: new Date(STARTED + 60_000), ...extra });
  return { run, keys, add, rate, read };
}

const scores = (r: Awaited<ReturnType<typeof canaryRequests>>) => Object.fromEntries(r.requests.map((q) => [q.id, [q.arm, q.quality]]));

describe('canaryRequests', () => {
  it('keeps the requests it read when the gateway stream is trimmed, and scores ratings that arrive later', async () => {
    const s = await setup();
    await s.add(event('before', STARTED - 1_000, 'canary'));
    await s.add(event('a', STARTED + 1_000, 'canary'));
    await s.add(event('b', STARTED + 2_000, 'champion'));
    await s.add(event('c', STARTED + 3_000, 'canary', 'error'));
    // Answered by a fallback after the arm failed: the arm's error.
    await s.add(event('d', STARTED + 4_000, 'champion', 'success', 'fallback'));
    await s.rate('a', true, STARTED + 5_000);
    // Errors score 0; `a` is rated good (1); `b` is not rated yet; `before` is before the start.
    expect(scores(await s.read())).toEqual({ a: ['canary', 1], c: ['canary', 0], d: ['champion', 0] });
    await redis.client.xtrim(s.keys.gatewayEvents, 'MAXLEN', 0);
    await s.rate('b', false, STARTED + 6_000);
    await s.add(event('e', STARTED + 7_000, 'champion'));
    await s.rate('e', true, STARTED + 8_000);
    expect(scores(await s.read())).toEqual({ a: ['canary', 1], b: ['champion', 0], c: ['canary', 0], d: ['champion', 0], e: ['champion', 1] });
  });

  it('keeps at most maxRequests, and lets go of answers too old to be rated', async () => {
    const s = await setup();
    for (let i = 0; i < 5; i++) await s.add(event(`r${i}`, STARTED + i * 1_000, 'champion'));
    const first = await s.read({ maxRequests: 3, ratingWindowMs: 3_600_000 });
    expect([first.kept, first.dropped, first.requests.length]).toEqual([3, 2, 0]);
    // An hour and a minute on, the three answers nobody rated can no longer be: dropped from the copy.
    const later = await s.read({ maxRequests: 3, ratingWindowMs: 3_600_000, now: new Date(STARTED + 3_660_000) });
    expect(later.kept).toBe(0);
    expect(await redis.client.hlen(s.keys.canaryRequests(STARTED))).toBe(0);
  });

  it('takes the judge\'s latest task score of a request from its stream, averaged with the rating', async () => {
    const s = await setup();
    const judge = (id: string, taskScore: number, at: number) => redis.client.xadd(judgeKeys(s.run).scores, '*', 'score', JSON.stringify(JudgeScoreRecord.parse({
      request_id: id, request_at: new Date(STARTED).toISOString(), judged_at: new Date(at).toISOString(), model: 'deployed', skill: 'math', judge_model: 'judge',
      relevance: taskScore, accuracy: taskScore, completeness: taskScore, coherence: taskScore, task_score: taskScore, context_given: false, supported: null, reason: 'r',
    })));
    await s.add(event('a', STARTED + 1_000, 'canary'));
    await s.add(event('b', STARTED + 2_000, 'champion'));
    await s.add(event('c', STARTED + 3_000, 'champion'));
    await judge('a', 0.2, STARTED + 4_000);
    // Judged again later: the newer judgement counts.
    await judge('a', 0.6, STARTED + 5_000);
    await judge('b', 0.5, STARTED + 6_000);
    await s.rate('b', true, STARTED + 7_000);
    await redis.client.xadd(judgeKeys(s.run).scores, '*', 'score', '{"torn":');
    // a: judge 0.6 alone; b: (0.5 + 1) / 2; c: neither judged nor rated, so not scored.
    expect(scores(await s.read({ judge: judgeScoresOf(redis.client, s.run) }))).toEqual({ a: ['canary', 0.6], b: ['champion', 0.75] });
  });
});
