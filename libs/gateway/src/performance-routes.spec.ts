import { describe, expect, it } from '@jest/globals';
import type { GatewayEvent } from '@flywheel/contracts';
import { createGatewayApp, startGatewayServer } from './gateway-app.js';
import { createPerformanceTracker } from './performance-tracker.js';
import type { Upstream } from './upstreams.js';

const HOUR = 3_600_000;
const upstreams: Upstream[] = [
  { name: 'deployed', baseUrl: 'http://127.0.0.1:9' },
  { name: 'cloud', baseUrl: 'http://127.0.0.1:10', costPerMillionTokens: 2 },
];

/** The seed-003 routes over a tracker filled by hand (no upstream traffic needed). */
async function withRoutes(test: (get: (path: string) => Promise<{ status: number; body: any }>) => Promise<void>) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const clock = { now: Date.parse('2026-11-25T12:00:00Z') };
  const tracker = createPerformanceTracker({ policy: { failures: 3, baseMs: HOUR }, now: () => clock.now });
  // deployed: chat 100, 200, 300 ms, 60 tokens in 3 s of generation; one completion failure; rated good then 4/5.
  for (const ms of [100, 200, 300]) tracker.recordAttempt({ model: 'deployed', kind: 'chat', outcome: 'success', latencyMs: ms, promptTokens: 10, completionTokens: 20, generationMs: 1000 });
  tracker.recordAttempt({ model: 'deployed', kind: 'completion', outcome: 'failure', latencyMs: 5 });
  // Dimensions: deployed relevance 5 and 4 (mean 4.5), creativity 5; cloud accuracy 1, overall 1.
  tracker.recordFeedback({ model: 'deployed', request_id: 'r1', score: 1, rating: 'good', corrected: false, at: '2026-11-25T11:00:00.000Z', dimensions: { relevance: 5, creativity: 5 } });
  tracker.recordFeedback({ model: 'deployed', request_id: 'r2', score: 0.75, rating: 'good', corrected: false, at: '2026-11-25T11:30:00.000Z', dimensions: { relevance: 4 } });
  // cloud: three failures in a row, blacklisted until 13:00.
  for (let i = 0; i < 3; i++) tracker.recordAttempt({ model: 'cloud', kind: 'chat', outcome: 'failure', latencyMs: 1 });
  tracker.recordFeedback({ model: 'cloud', request_id: 'r3', score: 0, rating: 'bad', corrected: true, at: '2026-11-25T11:45:00.000Z', dimensions: { accuracy: 1, overall: 1 } });
  const events: GatewayEvent[] = [];
  const app = createGatewayApp({ upstreams, tracker, criterion: 'speed', maxAttempts: 3, timeoutMs: 1000, recordChars: 10, emit: async (e) => void events.push(e) });
  const server = await startGatewayServer(app, { host: '127.0.0.1', port: 0 });
  try {
    await test(async (path) => {
      const res = await fetch(server.url + path);
      return { status: res.status, body: await res.json() };
    });
  } finally {
    await server.close();
  }
}

describe('performance and evaluation routes', () => {
  it('/performance and /performance/metrics/:modelName show each model by kind', async () => {
    await withRoutes(async (get) => {
      const all = await get('/performance');
      expect(all.body.models.map((m: { model: string }) => m.model)).toEqual(['deployed', 'cloud']);
      const { status, body } = await get('/performance/metrics/deployed');
      expect(status).toBe(200);
      expect(body).toMatchObject({
        model: 'deployed', blacklisted: false, consecutive_failures: 1,
        // success rate over answered + failed: 3 / 4
        overall: { requests: 4, successes: 3, failures: 1, success_rate: 0.75 },
        by_kind: {
          // 60 tokens over 3 s of generation = 20 tokens/s; 20 tokens per answer.
          chat: { requests: 3, success_rate: 1, prompt_tokens: 30, completion_tokens: 60, average_completion_tokens: 20, tokens_per_second: 20 },
          completion: { requests: 1, success_rate: 0, latency_ms: { count: 0, p50: null } },
        },
        // (1 + 0.75) / 2
        feedback: { count: 2, mean_score: 0.875, dimensions: { relevance: { count: 2, mean: 4.5 }, creativity: { count: 1, mean: 5 } } },
      });
      expect((await get('/performance/metrics/cloud')).body.feedback).toEqual({ count: 1, mean_score: 0, dimensions: { accuracy: { count: 1, mean: 1 }, overall: { count: 1, mean: 1 } } });
      // p50 of {100, 200, 300} is 200 (nearest rank), within 1 %; p99 is 300, within 1 %.
      expect(Math.abs(body.by_kind.chat.latency_ms.p50 - 200)).toBeLessThanOrEqual(2);
      expect(Math.abs(body.by_kind.chat.latency_ms.p99 - 300)).toBeLessThanOrEqual(3);
      expect(body.by_kind.chat.latency_ms.mean).toBe(200);
    });
  });

  it('/performance/rankings ranks by the criterion asked for, and names a bad one', async () => {
    await withRoutes(async (get) => {
      expect((await get('/performance/rankings')).body).toMatchObject({ criterion: 'speed', kind: 'chat', rankings: [{ rank: 1, model: 'deployed' }, { rank: 2, model: 'cloud', score: null, blacklisted: true }] });
      const cost = (await get('/performance/rankings?criterion=cost')).body.rankings;
      expect(cost.map((r: { model: string; score: number }) => [r.model, r.score])).toEqual([['deployed', 0], ['cloud', 2]]);
      // accuracy: deployed 1 (chat) × (1.75 + 1) / 4 = 0.6875; cloud 0 × … = 0
      const accuracy = (await get('/performance/rankings?criterion=accuracy&kind=chat')).body.rankings;
      expect(accuracy.map((r: { model: string; score: number }) => [r.model, r.score])).toEqual([['deployed', 0.6875], ['cloud', 0]]);
      // creativity: deployed (5 + 3 + 3) / 3 ≈ 3.6667; cloud unrated, the prior 3.
      const creativity = (await get('/performance/rankings?criterion=creativity')).body.rankings;
      expect(creativity.map((r: { model: string; score: number }) => [r.model, r.score])).toEqual([['deployed', 3.6667], ['cloud', 3]]);
      // continuity is per conversation: no ranking of its own.
      expect(await get('/performance/rankings?criterion=continuity')).toEqual({ status: 400, body: { error: 'criterion must be one of speed, accuracy, cost, creativity; got "continuity"' } });
      expect(await get('/performance/rankings?kind=picture')).toEqual({ status: 400, body: { error: 'kind must be one of chat, completion, image, audio, video; got "picture"' } });
      // Both upstreams serve text only: no image upstream to rank.
      expect(await get('/performance/rankings?kind=image')).toEqual({ status: 200, body: { criterion: 'speed', kind: 'image', rankings: [] } });
    });
  });

  it('/performance/blacklisted and /performance/summary', async () => {
    await withRoutes(async (get) => {
      expect((await get('/performance/blacklisted')).body).toEqual({
        blacklisted: [{ model: 'cloud', until: '2026-11-25T13:00:00.000Z', remaining_seconds: 3600, consecutive_failures: 3 }],
      });
      expect((await get('/performance/summary')).body).toMatchObject({
        // deployed 3 answered of 4 judged, cloud 0 of 3: 3 / 7
        models: 2, blacklisted: 1, requests: 7, success_rate: 0.4286, best: { speed: 'deployed', accuracy: 'deployed', cost: 'deployed', creativity: 'deployed' },
        per_model: [
          { model: 'deployed', feedback: { count: 2, mean_score: 0.875, dimensions: { relevance: { count: 2, mean: 4.5 }, creativity: { count: 1, mean: 5 } } } },
          { model: 'cloud', feedback: { count: 1, mean_score: 0, dimensions: { accuracy: { count: 1, mean: 1 }, overall: { count: 1, mean: 1 } } } },
        ],
        feedback_dimensions: { relevance: { count: 2, mean: 4.5 }, accuracy: { count: 1, mean: 1 }, creativity: { count: 1, mean: 5 }, overall: { count: 1, mean: 1 } },
      });
    });
  });

  it('/evaluations, /evaluations/model/:modelName and /evaluations/summary; an unknown model is a 404 naming it', async () => {
    await withRoutes(async (get) => {
      const all = (await get('/evaluations')).body;
      expect(all.evaluations.map((e: { request_id: string }) => e.request_id)).toEqual(['r3', 'r2', 'r1']);
      expect(all.dimensions).toEqual({ relevance: { count: 2, mean: 4.5 }, accuracy: { count: 1, mean: 1 }, creativity: { count: 1, mean: 5 }, overall: { count: 1, mean: 1 } });
      expect((await get('/evaluations/model/cloud')).body).toEqual({
        model: 'cloud',
        evaluations: [{ at: '2026-11-25T11:45:00.000Z', model: 'cloud', request_id: 'r3', score: 0, rating: 'bad', corrected: true, dimensions: { accuracy: 1, overall: 1 } }],
        dimensions: { accuracy: { count: 1, mean: 1 }, overall: { count: 1, mean: 1 } },
      });
      expect((await get('/evaluations/summary')).body.summaries).toEqual([
        {
          model: 'deployed', count: 2, mean_score: 0.875, good: 2, bad: 0, corrected: 0, newest: '2026-11-25T11:30:00.000Z',
          dimensions: { relevance: { count: 2, mean: 4.5 }, creativity: { count: 1, mean: 5 } },
        },
        { model: 'cloud', count: 1, mean_score: 0, good: 0, bad: 1, corrected: 1, newest: '2026-11-25T11:45:00.000Z', dimensions: { accuracy: { count: 1, mean: 1 }, overall: { count: 1, mean: 1 } } },
      ]);
      expect(await get('/performance/metrics/gpt-9')).toEqual({ status: 404, body: { error: 'unknown model "gpt-9"', models: ['deployed', 'cloud'] } });
      expect((await get('/evaluations/model/gpt-9')).status).toBe(404);
    });
  });
});
