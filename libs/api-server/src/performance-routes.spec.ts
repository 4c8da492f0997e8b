// Seed 003's performance and evaluation routes served by the API from the gateway's saved
// snapshot: a real snapshot file written by libs/gateway's writer, a real API app over HTTP,
// and for comparison the gateway's own routes over the live tracker that produced the file.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPerformanceTracker, performanceFilePath, performanceRouter, writeTrackerSnapshot } from '@flywheel/gateway';
import { createStatusStore } from '@flywheel/status-store';
import { tempDir } from '@flywheel/testing';
import express from 'express';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { createApiApp, type ApiApp } from './create-api-app.js';
import { liveTracker, POLICY, recordTraffic, SAVED_AT, UPSTREAMS, writeGatewaySnapshot } from './gateway-snapshot.fixture.js';

const logger = pino({ level: 'silent' });
/** The API's clock: 90 s after the gateway saved. */
const NOW = new Date(SAVED_AT.getTime() + 90_000);
let temp: { dir: string; remove: () => Promise<void> };
let statusDir: string;
let api: ApiApp;
/** The gateway's own routes over the tracker the snapshot was saved from, at the API's clock. */
let gateway: express.Express;

const apiApp = (dir: string, gateway?: Parameters<typeof createApiApp>[0]['gateway']) =>
  createApiApp({
    statusStore: createStatusStore({ statusDir: dir, run: 'performance', logger }),
    run: 'performance',
    staleFactor: 2,
    staleAfterSeconds: 60,
    logger,
    now: () => NOW,
    gateway,
  });

beforeAll(async () => {
  temp = await tempDir('api-performance');
  statusDir = path.join(temp.dir, 'status');
  await writeGatewaySnapshot(statusDir);
  api = apiApp(statusDir, { upstreams: UPSTREAMS, criterion: 'speed', blacklist: POLICY });
  // The live gateway records its traffic at SAVED_AT and is asked 90 s later, like the API.
  let clock = SAVED_AT.getTime();
  const tracker = liveTracker(() => clock);
  clock = NOW.getTime();
  gateway = express().use(performanceRouter({ tracker, upstreams: UPSTREAMS, criterion: 'speed' }));
});
afterAll(async () => {
  await api.closeResources();
  await temp.remove();
});

// The snapshot by its name in the status folder, never its absolute path.
const STAMP = () => ({ snapshot_file: 'gateway_performance.json', snapshot_at: '2026-11-25T10:00:00.000Z', snapshot_age_seconds: 90 });

describe('the API serves the gateway routes from its snapshot', () => {
  it.each([
    '/performance',
    '/performance/rankings',
    '/performance/rankings?criterion=accuracy',
    '/performance/rankings?criterion=cost&kind=completion',
    '/performance/metrics/deployed',
    '/performance/metrics/base',
    '/performance/blacklisted',
    '/performance/summary',
    '/evaluations',
    '/evaluations/model/deployed',
    '/evaluations/summary',
  ])('GET /api%s answers what the live gateway answers, plus the snapshot age', async (route) => {
    const live = await request(gateway).get(route);
    expect(live.status).toBe(200);
    const res = await request(api).get(`/api${route}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    // The gateway's own answer but the upstreams' URLs (base_url), which the API leaves out.
    const { base_url: _url, ...liveBody } = live.body; // eslint-disable-line @typescript-eslint/no-unused-vars
    if (Array.isArray(liveBody.models)) liveBody.models = liveBody.models.map(({ base_url: _u, ...model }: Record<string, unknown>) => model); // eslint-disable-line @typescript-eslint/no-unused-vars
    expect(res.body).toEqual({ ...liveBody, ...STAMP() });
    expect(res.text).not.toContain('http://127.0.0.1:');
  });

  it('ranks, blacklists and sums as worked out from the recorded traffic', async () => {
    // Speed on chat: base's p50 40 ms beats deployed's 250 ms (base is blacklisted but still ranked).
    expect((await request(api).get('/api/performance/rankings')).body.rankings).toEqual([
      { rank: 1, model: 'base', score: 40, blacklisted: true },
      { rank: 2, model: 'deployed', score: 250, blacklisted: false },
    ]);
    // Accuracy on chat: success rate × (feedback sum + 1) / (ratings + 2):
    // deployed 4/5 × (1 + 1)/4 = 0.4; base 1/4 × (0.75 + 1)/3 = 0.14583… → 0.1458.
    const accuracy = await request(api).get('/api/performance/rankings?criterion=accuracy&kind=chat');
    expect(accuracy.body).toMatchObject({ criterion: 'accuracy', kind: 'chat' });
    expect(accuracy.body.rankings.map((r: { model: string; score: number }) => [r.model, r.score])).toEqual([['deployed', 0.4], ['base', 0.1458]]);
    // Speed on completion: only base has completions; deployed has no figure and comes after.
    expect((await request(api).get('/api/performance/rankings?kind=completion')).body.rankings.map((r: { score: number | null }) => r.score)).toEqual([40, null]);

    const blacklisted = await request(api).get('/api/performance/blacklisted');
    // Blacklisted at 10:00:00 for 1 h; the API looks 90 s later.
    expect(blacklisted.body.blacklisted).toEqual([{ model: 'base', until: '2026-11-25T11:00:00.000Z', remaining_seconds: 3510, consecutive_failures: 3 }]);

    const summary = (await request(api).get('/api/performance/summary')).body;
    // 5 + 6 requests; (4 + 3) successes of (4 + 3) + (1 + 3) judged = 7/11 = 0.6364; base is
    // blacklisted, so deployed is the best available by every criterion.
    expect(summary).toMatchObject({ models: 2, blacklisted: 1, requests: 11, success_rate: 0.6364, best: { speed: 'deployed', accuracy: 'deployed', cost: 'deployed' } });
    const DEPLOYED_DIMENSIONS = { relevance: { count: 2, mean: 3.5 }, creativity: { count: 1, mean: 4 } };
    expect(summary.per_model).toEqual([
      { model: 'deployed', requests: 5, success_rate: 0.8, p50_ms: 250, tokens_per_second: 100, feedback: { count: 2, mean_score: 0.5, dimensions: DEPLOYED_DIMENSIONS } },
      { model: 'base', requests: 6, success_rate: 0.5, p50_ms: 40, tokens_per_second: null, feedback: { count: 1, mean_score: 0.75, dimensions: {} } },
    ]);
    expect(summary.feedback_dimensions).toEqual(DEPLOYED_DIMENSIONS);

    const deployed = (await request(api).get('/api/performance/metrics/deployed')).body;
    expect(deployed).toMatchObject({
      model: 'deployed', cost_per_million_tokens: 2, blacklisted: false, blacklisted_until: null, consecutive_failures: 0,
      feedback: { count: 2, mean_score: 0.5, dimensions: DEPLOYED_DIMENSIONS },
    });
    expect(deployed).not.toHaveProperty('base_url');
    expect(deployed.overall).toMatchObject({ requests: 5, successes: 4, failures: 1, success_rate: 0.8, latency_ms: { count: 4, mean: 250, p50: 250, p95: 250, p99: 250 } });
    expect(deployed.by_kind.completion.requests).toBe(0);

    expect((await request(api).get('/api/evaluations')).body.evaluations.map((e: { request_id: string }) => e.request_id)).toEqual(['r2', 'r1', 'r3']);
    expect((await request(api).get('/api/evaluations/summary')).body.summaries).toEqual([
      { model: 'deployed', count: 2, mean_score: 0.5, good: 1, bad: 1, corrected: 1, newest: '2026-11-25T09:59:30.000Z', dimensions: DEPLOYED_DIMENSIONS },
      { model: 'base', count: 1, mean_score: 0.75, good: 0, bad: 0, corrected: 0, newest: '2026-11-25T09:58:00.000Z', dimensions: {} },
    ]);
    expect((await request(api).get('/api/evaluations/model/deployed')).body).toMatchObject({ model: 'deployed', dimensions: DEPLOYED_DIMENSIONS });
    expect((await request(api).get('/api/evaluations')).body.dimensions).toEqual(DEPLOYED_DIMENSIONS);
  });

  it('refuses a bad query naming the field', async () => {
    for (const [query, field] of [['criterion=fastest', 'criterion'], ['kind=embedding', 'kind'], ['crit=speed', 'crit'], ['kind=chat&kind=completion', 'kind']] as const) {
      const res = await request(api).get(`/api/performance/rankings?${query}`);
      expect([query, res.status, res.body.field]).toEqual([query, 400, field]);
      expect(res.body.error).toContain(`query ${field}`);
    }
  });

  it('answers 404 naming an unknown model, with the models it knows', async () => {
    for (const route of ['/api/performance/metrics/nope', '/api/evaluations/model/nope']) {
      const res = await request(api).get(route);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ status: 404, model: 'nope', models: ['deployed', 'base'], snapshot_age_seconds: 90 });
      expect(res.body.error).toContain('unknown model "nope"');
    }
  });

  it('reads the snapshot again once the gateway replaces it', async () => {
    const dir = path.join(temp.dir, 'replaced');
    const app = apiApp(dir, { upstreams: UPSTREAMS });
    try {
      await writeGatewaySnapshot(dir);
      expect((await request(app).get('/api/performance/summary')).body.requests).toBe(11);
      // The gateway's next save, 30 s later, after one more completion by deployed.
      const tracker = liveTracker(() => SAVED_AT.getTime() + 30_000);
      tracker.recordAttempt({ model: 'deployed', kind: 'completion', outcome: 'success', latencyMs: 100 });
      await writeTrackerSnapshot(performanceFilePath(dir), tracker.snapshot());
      const res = await request(app).get('/api/performance/summary');
      expect([res.body.requests, res.body.snapshot_at, res.body.snapshot_age_seconds]).toEqual([12, '2026-11-25T10:00:30.000Z', 60]);
    } finally {
      await app.closeResources();
    }
  });
});

describe('without the gateway configuration', () => {
  it('serves the models the snapshot has, in its order, with no base URL or cost', async () => {
    const app = apiApp(statusDir);
    try {
      const res = await request(app).get('/api/performance');
      expect(res.status).toBe(200);
      expect(res.body.models.map((m: { model: string; base_url?: string; cost_per_million_tokens: number }) => [m.model, m.base_url, m.cost_per_million_tokens])).toEqual([
        ['deployed', undefined, 0],
        ['base', undefined, 0],
      ]);
      // Both cost 0: a tie keeps the snapshot's order.
      expect((await request(app).get('/api/performance/rankings?criterion=cost')).body.rankings.map((r: { model: string }) => r.model)).toEqual(['deployed', 'base']);
    } finally {
      await app.closeResources();
    }
  });

  it('lists configured models the gateway has not sent traffic to yet, before the snapshot-only ones', async () => {
    const app = apiApp(statusDir, { upstreams: [{ name: 'spare', baseUrl: 'http://127.0.0.1:9000' }] });
    try {
      const res = await request(app).get('/api/performance');
      expect(res.body.models.map((m: { model: string; overall: { requests: number } }) => [m.model, m.overall.requests])).toEqual([
        ['spare', 0],
        ['deployed', 5],
        ['base', 6],
      ]);
    } finally {
      await app.closeResources();
    }
  });
});

describe('when the snapshot cannot be used', () => {
  const ROUTES = ['/api/performance', '/api/performance/rankings', '/api/performance/metrics/deployed', '/api/performance/blacklisted', '/api/performance/summary', '/api/evaluations', '/api/evaluations/model/deployed', '/api/evaluations/summary'];

  it('answers 404 on every route before the gateway has written it, naming the file', async () => {
    const dir = path.join(temp.dir, 'never-written');
    const app = apiApp(dir);
    try {
      for (const route of ROUTES) {
        const res = await request(app).get(route);
        expect([route, res.status, res.body.file]).toEqual([route, 404, 'gateway_performance.json']);
        expect(res.body.error).toContain('the gateway has not written its performance file yet');
      }
    } finally {
      await app.closeResources();
    }
  });

  it('answers 500 naming the file and the problem when it is not JSON or not a snapshot', async () => {
    const dir = path.join(temp.dir, 'broken');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, 'gateway_performance.json');
    const app = apiApp(dir);
    try {
      await writeFile(file, '{"version": 1, "saved_at": ');
      for (const route of ROUTES) {
        const res = await request(app).get(route);
        expect([route, res.status, res.body.file]).toEqual([route, 500, 'gateway_performance.json']);
        expect(res.body.error).toContain('gateway_performance.json: not JSON');
      }
      // A snapshot of a version this code does not know: the field is named.
      const snapshot = createPerformanceTracker({ policy: POLICY, now: () => SAVED_AT.getTime() });
      recordTraffic(snapshot);
      await writeFile(file, JSON.stringify({ ...snapshot.snapshot(), version: 2 }));
      const res = await request(app).get('/api/performance');
      expect(res.status).toBe(500);
      expect(res.body.error).toContain('gateway_performance.json: version:');
    } finally {
      await app.closeResources();
    }
  });
});
