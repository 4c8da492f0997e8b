import { judgeKeys, type JudgeScoreRecord } from '@flywheel/contracts';
import { redisPerFile } from '@flywheel/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createGatewayApp, startGatewayServer, type RunningGateway } from './gateway-app.js';
import { judgeScoresFromRedis } from './judge-scores-source.js';
import { createPerformanceTracker } from './performance-tracker.js';

const redis = redisPerFile();

type Flags = Pick<JudgeScoreRecord, 'outdated' | 'biased'>;

function record(id: string, model: string, skill: string | null, s: [number, number, number, number, number], context: boolean | null, reason: string, flags: Flags = {}): JudgeScoreRecord {
  return {
    ...flags,
    request_id: id, request_at: '2026-11-25T12:00:00.000Z', judged_at: '2026-11-25T12:00:05.000Z', model, skill, judge_model: 'grader',
    relevance: s[0], accuracy: s[1], completeness: s[2], coherence: s[3], task_score: s[4],
    context_given: context !== null, supported: context, reason,
  };
}

// deployed/reasoning means: relevance 0.8, accuracy 0.6, completeness 0.8, coherence 0.9, task 0.7;
// context in r1 (unsupported) and r2 (supported): hallucination rate 1/2; outdated r1 and r2 of
// all three: 2/3; bias said by r1 (no) and r3 (yes), not by r2 (an older judge): 1/2. r4 says neither.
const scores = [
  record('r1', 'deployed', 'reasoning', [0.9, 0.4, 0.8, 0.9, 0.5], false, 'wrong sum', { outdated: true, biased: false }),
  record('r2', 'deployed', 'reasoning', [0.7, 0.6, 0.6, 0.9, 0.7], true, 'misreads the question', { outdated: true }),
  record('r3', 'deployed', 'reasoning', [0.8, 0.8, 1, 0.9, 0.9], null, 'skips a step', { outdated: false, biased: true }),
  record('r4', 'base', null, [1, 1, 1, 1, 1], null, ''),
];

let gateway: RunningGateway;
beforeAll(async () => {
  const key = judgeKeys('jr').scores;
  await redis.client.xadd(key, '*', 'score', JSON.stringify(scores[0]));
  await redis.client.xadd(key, '*', 'score', '{"request_id": "torn');
  for (const s of scores.slice(1)) await redis.client.xadd(key, '*', 'score', JSON.stringify(s));
  const tracker = createPerformanceTracker({ policy: { failures: 3, baseMs: 3_600_000 }, now: () => 0 });
  const app = createGatewayApp({
    upstreams: [], tracker, criterion: 'speed', maxAttempts: 1, timeoutMs: 1000, recordChars: 100, aliases: {}, emit: async () => {},
    judge: { readScores: judgeScoresFromRedis(redis.client, 'jr'), bars: { relevance: 0.7, accuracy: 0.8 }, flagBars: { hallucination: 0.1, outdated: 0.1, bias: 0.05 } },
  });
  gateway = await startGatewayServer(app, { host: '127.0.0.1', port: 0 });
});
afterAll(() => gateway.close());

const get = async (path: string) => {
  const res = await fetch(`${gateway.url}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

describe('/evaluations/judge on the gateway, from the scores the monitor keeps in Redis', () => {
  it('lists the newest scores, filtered by model and skill, skipping an entry that is no score', async () => {
    const newest = await get('/evaluations/judge?limit=2');
    expect([newest.status, newest.body.count, newest.body.scores.map((s: JudgeScoreRecord) => s.request_id)]).toEqual([200, 2, ['r4', 'r3']]);
    const reasoning = await get('/evaluations/judge?model=deployed&skill=reasoning');
    expect(reasoning.body.scores.map((s: JudgeScoreRecord) => s.request_id)).toEqual(['r3', 'r2', 'r1']);
    expect((await get('/evaluations/judge')).body.count).toBe(4);
    const bad = await get('/evaluations/judge?limit=0');
    expect([bad.status, bad.body.error.param, bad.body.error.message]).toEqual([400, 'limit', 'limit: expected a whole number from 1 to 1000, got "0"']);
  });

  it('summarises per model and skill with suggestions from the lowest metrics and the judge\'s reasons', async () => {
    const { status, body } = await get('/evaluations/judge/summary');
    expect([status, body.judged, body.groups.map((g: { model: string }) => g.model)]).toEqual([200, 4, ['base', 'deployed']]);
    const [base, deployed] = body.groups;
    expect(base).toMatchObject({ skill: null, judged: 1, lowest: 'relevance', hallucination_rate: null, outdated_judged: 0, outdated_rate: null, bias_judged: 0, bias_rate: null, suggestions: [] });
    expect(deployed).toMatchObject({ skill: 'reasoning', judged: 3, context_judged: 2, hallucination_rate: 0.5, outdated_judged: 3, bias_judged: 2, bias_rate: 0.5, lowest: 'accuracy' });
    expect(deployed.outdated_rate).toBeCloseTo(2 / 3, 10);
    expect(deployed.means.accuracy).toBeCloseTo(0.6, 10);
    // Accuracy 0.6 is under its bar 0.8 (r1 0.4 and r2 0.6 under it, one reason each: alphabetical);
    // task 0.7 is at its bar 0.7, not under; hallucination 0.5 passes 0.1 (r1's reason); outdated
    // 2/3 passes 0.1 (r1 and r2's reasons); bias 1/2 passes 0.05 (r3's reason).
    expect(deployed.suggestions.map((s: { metric: string; bar: number; reasons: string[] }) => [s.metric, s.bar, s.reasons])).toEqual([
      ['accuracy', 0.8, ['misreads the question', 'wrong sum']],
      ['hallucination', 0.1, ['wrong sum']],
      ['outdated', 0.1, ['misreads the question', 'wrong sum']],
      ['bias', 0.05, ['skips a step']],
    ]);
    expect(deployed.suggestions[2].suggestion).toMatch(/outdated knowledge/);
    expect(deployed.suggestions[3].suggestion).toMatch(/show bias/);
    expect(deployed.suggestions[0].suggestion).toMatch(/verified question-answer pairs/);
  });
});
