// Canaries end to end with real parts: a real Redis (events, ratings, the deploy lock, status
// copies), the simulator's real HTTP server serving both checkpoints as LoRA adapters, the real
// gateway splitting its traffic by canary.json, and checkpoint-auto-deploy's deployOnce taking
// the looks. The test plays the users: it rates each answer, knowing from the answer's `model`
// which checkpoint wrote it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FeedbackRecord, GatewayEvent, redisNamespace, type CanaryStatus, type Example } from '@flywheel/contracts';
import { canaryStateReader, createCanarySplit, createGatewayApp, createPerformanceTracker, createRedisEventSink, startGatewayServer } from '@flywheel/gateway';
import { startSimulatorServer, writeSimulatedCheckpoint, type SimulatorServer } from '@flywheel/simulation';
import { createStatusStore } from '@flywheel/status-store';
import { redisPerFile, tempDir, waitFor } from '@flywheel/testing';
import { mkdir, readFile, readlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { canaryRequests } from './canary-traffic.js';
import type { CanaryDeps } from './canary-run.js';
import { acquireDeployLock } from './deploy-lock.js';
import { deployOnce, type DeployDeps } from './deploy-once.js';
import { loraServer } from './server-control.js';

const redis = redisPerFile();
const examples: Example[] = [{ id: 'sum', prompt: 'What is 2 + 2?\n', golden: '4', difficulty: 'easy', skill: 'math' }];
let sim: SimulatorServer;
beforeAll(async () => {
  sim = await startSimulatorServer({ examples, baseModel: 'sim-base' });
});
afterAll(() => sim.close());

let runs = 0;
/** checkpoint-100 deployed and champion; checkpoint-200 ranked best and shown better offline: the next pass starts it as a canary. */
async function setup(rules: { share: number; pairsPerLook: number; maxLooks: number; margin: number }) {
  const t = await tempDir('canary');
  const run = `canary${++runs}`;
  const checkpointsDir = path.join(t.dir, 'current_model');
  const statusDir = path.join(t.dir, 'status');
  const servingDir = path.join(t.dir, 'serving');
  await mkdir(statusDir, { recursive: true });
  await mkdir(servingDir, { recursive: true });
  for (const step of [100, 200]) await writeSimulatedCheckpoint(checkpointsDir, { step, evalLoss: 0.5, trainLoss: [], epoch: 1, maxSteps: 1000 });
  const store = createStatusStore({ statusDir, run, redis: redis.client, logger: pino({ level: 'silent' }) });
  const canary: CanaryDeps = {
    startNew: true,
    rules: { alpha: 0.05, margin: rules.margin, minHarm: 0, maxLooks: rules.maxLooks },
    // One bucket for the whole test, so pairing never depends on where the clock's hour falls.
    share: rules.share, pairsPerLook: rules.pairsPerLook, bucketSeconds: 1e9,
    read: async () => {
      const r = await store.read('canary');
      return r.state === 'present' ? r.data : null;
    },
    write: async (body) => void (await store.write('canary', body)),
    traffic: async (query) => (await canaryRequests(redis.client, { run, deployedUpstream: 'deployed', ...query })).requests,
  };
  const deps = (withCanary: boolean): DeployDeps => ({
    statusDir, checkpointsDir, servingDir, server: loraServer({ baseUrl: sim.url, timeoutMs: 5_000 }), baseUrl: sim.url, smokePrompt: 'Hello', healthTimeoutMs: 5_000,
    writeStatus: async (r) => void (await store.write('deployment', r)),
    writeChampion: async (body) => void (await store.write('champion', body)),
    lock: () => acquireDeployLock(redis.client, `lock:${run}`, 60_000),
    canary: withCanary ? canary : undefined,
  });
  const rank = (best: string, test?: { champion: string }) => store.write('model_comparison', {
    best_checkpoint: best,
    rankings: [{ checkpoint: best, score: 0.7, score_interval: [0.65, 0.75], accuracy: null, loss: null, ece: null }],
    promotion: test ? { champion: test.champion, challenger: best, pass: true, test: 'paired z-test', challenger_score: 0.7, reason: 'better' } : null,
  } as never);
  await rank('checkpoint-100');
  expect(await deployOnce(deps(false))).toMatchObject({ outcome: 'deployed', record: { checkpoint: 'checkpoint-100' } });
  await rank('checkpoint-200', { champion: 'checkpoint-100' });

  const split = createCanarySplit({ upstream: 'deployed', read: canaryStateReader(store), refreshMs: 60_000 });
  const tracker = createPerformanceTracker({ policy: { failures: 3, baseMs: 3_600_000 } });
  const app = createGatewayApp({
    upstreams: [{ name: 'deployed', baseUrl: sim.url }], tracker, criterion: 'speed', maxAttempts: 1, timeoutMs: 10_000, recordChars: 200, canary: split,
    emit: createRedisEventSink(redis.client, { run, maxLength: 10_000, ttlSeconds: 600 }),
  });
  const gateway = await startGatewayServer(app, { host: '127.0.0.1', port: 0 });
  const keys = redisNamespace(run);

  /** `count` requests one after another; each answer's id and the checkpoint that wrote it. */
  const send = async (count: number) => {
    const answers: { id: string; model: string }[] = [];
    for (let i = 0; i < count; i++) {
      const res = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-flywheel-skill': 'math' },
        body: JSON.stringify({ model: 'deployed', messages: [{ role: 'user', content: 'What is 2 + 2?' }], max_tokens: 8 }),
      });
      expect(res.status).toBe(200);
      answers.push({ id: res.headers.get('x-request-id')!, model: ((await res.json()) as { model: string }).model });
    }
    await waitFor(async () => (await redis.client.xlen(keys.gatewayEvents)) >= count, { what: `${count} gateway events` });
    return answers;
  };
  /** A user's rating of an answer, on the run's feedback stream, as the API records it. */
  const rate = async (answer: { id: string; model: string }, good: boolean) => {
    const record: FeedbackRecord = { request_id: answer.id, rating: good ? 'good' : 'bad', at: new Date().toISOString(), model: 'deployed', prompt: 'What is 2 + 2?', original_completion: '4', skill: 'math' };
    await redis.client.xadd(keys.feedback, '*', 'record', JSON.stringify(FeedbackRecord.parse(record)));
  };
  const lines = async () => (await readFile(path.join(statusDir, 'deployments.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const status = async () => (await store.read('canary')) as { state: string; data: CanaryStatus };
  const champion = async () => {
    const r = await store.read('champion');
    return r.state === 'present' ? r.data : null;
  };
  const close = async () => {
    split.stop();
    await gateway.close();
    await t.remove();
  };
  return { deps, split, send, rate, lines, status, champion, close, keys, servingDir, store };
}

describe('canary by live quality', () => {
  it('splits the deployed traffic by canary.share and rolls back a clearly worse canary', async () => {
    const s = await setup({ share: 0.3, pairsPerLook: 10, maxLooks: 3, margin: 0.1 });
    try {
      const started = await deployOnce(s.deps(true));
      expect(started).toMatchObject({ outcome: 'canary', record: { event: 'canary-start', checkpoint: 'checkpoint-200', success: true, serving: 'checkpoint-100' } });
      expect((await s.status()).data).toMatchObject({ state: 'running', canary: 'checkpoint-200', champion: 'checkpoint-100', canary_model: 'checkpoint-200', champion_model: 'checkpoint-100', share: 0.3 });
      // Both adapters stay loaded while the canary runs: the server answers for both arms.
      const models = ((await (await fetch(`${sim.url}/v1/models`)).json()) as { data: { id: string }[] }).data.map((m) => m.id);
      expect(models).toEqual(expect.arrayContaining(['checkpoint-100', 'checkpoint-200']));
      // The champion still serves: `current` does not move for a canary.
      expect(await readlink(path.join(s.servingDir, 'current'))).toBe(path.join('checkpoints', 'checkpoint-100'));
      await s.split.refresh();

      const answers = await s.send(200);
      const canaryAnswers = answers.filter((a) => a.model === 'checkpoint-200');
      expect(answers.every((a) => a.model === 'checkpoint-200' || a.model === 'checkpoint-100')).toBe(true);
      // Binomial(200, 0.3): mean 60, sd √(200 · 0.3 · 0.7) = 6.48; ±4 sd is 34 … 86 (a false failure about once in 16,000 runs).
      expect(canaryAnswers.length).toBeGreaterThanOrEqual(34);
      expect(canaryAnswers.length).toBeLessThanOrEqual(86);
      // Each event names the arm that served it, matching the answer.
      const events = (await redis.client.xrange(s.keys.gatewayEvents, '-', '+')).map(([, f]) => GatewayEvent.parse(JSON.parse(f[1]!)));
      const byId = new Map(events.map((e) => [e.id, e]));
      for (const a of answers) {
        expect(byId.get(a.id)).toMatchObject({ canary_arm: a.model === 'checkpoint-200' ? 'canary' : 'champion', checkpoint: a.model });
      }

      // Users: every canary answer bad, every champion answer good.
      for (const a of answers) await s.rate(a, a.model === 'checkpoint-100');
      // Every canary answer finds a champion answer to pair with (there are more than twice as many):
      // pairs = canary answers ≥ 34 > 10, so look 1 is due; difference 0 − 1 = −1 on every pair, se 0: rolled back.
      const decided = await deployOnce(s.deps(true));
      // Decided: the rejected canary's adapter is unloaded, the champion's stays (deploy.keepLoadedAdapters 2 by default).
      expect(decided).toMatchObject({ outcome: 'canary', record: { event: 'canary-rollback', success: false, rolled_back: true, serving: 'checkpoint-100', served_model: 'checkpoint-100', adapters_unloaded: ['checkpoint-200'], serving_pruned: ['checkpoint-200'] } });
      const c = (await s.status()).data;
      expect(c).toMatchObject({ state: 'rolled_back', looks: 1, pairs: canaryAnswers.length });
      expect(c.last_verdict).toMatchObject({ verdict: 'rollback', canary_quality: 0, champion_quality: 1, difference: -1, upper_bound: -1 });
      expect(await s.champion()).toMatchObject({ champion: 'checkpoint-100', rejected: ['checkpoint-200'] });
      const lines = await s.lines();
      expect(lines.map((l) => l['event'] ?? null)).toEqual([null, 'canary-start', 'canary-look', 'canary-rollback']);
      expect(lines[2]).toMatchObject({ checkpoint: 'checkpoint-200', canary: { pairs: canaryAnswers.length, looks: 1, verdict: { verdict: 'rollback', difference: -1 } } });

      // All traffic back on the champion.
      await s.split.refresh();
      expect((await s.send(20)).every((a) => a.model === 'checkpoint-100')).toBe(true);
    } finally {
      await s.close();
    }
  }, 120_000);

  it('promotes an equal canary after its looks, making it the champion', async () => {
    const s = await setup({ share: 0.3, pairsPerLook: 15, maxLooks: 2, margin: 0.1 });
    try {
      expect(await deployOnce(s.deps(true))).toMatchObject({ outcome: 'canary', record: { event: 'canary-start' } });
      await s.split.refresh();
      // Too few pairs yet: no look, no line.
      const waiting = await deployOnce(s.deps(true));
      expect(waiting).toMatchObject({ outcome: 'canary', record: null });
      const answers = await s.send(150);
      const canaryCount = answers.filter((a) => a.model === 'checkpoint-200').length;
      // Every answer of either checkpoint is good: each pair differs by 0.
      for (const a of answers) await s.rate(a, true);
      // ≥ 15 canary answers (Binomial(150, 0.3): mean 45, sd 5.6; 15 is 5.4 sd below), so look 1 is due;
      // with every difference 0 (se 0) the lower bound is 0 > −0.1: promoted.
      expect(canaryCount).toBeGreaterThanOrEqual(15);
      const decided = await deployOnce(s.deps(true));
      // Promoted: the champion before it is the rollback target and stays loaded beside it (2 by default).
      expect(decided).toMatchObject({ outcome: 'canary', record: { event: 'canary-promote', success: true, serving: 'checkpoint-200', champion_after: 'checkpoint-200', served_model: 'checkpoint-200', adapters_unloaded: [], serving_pruned: [] } });
      expect((await s.status()).data).toMatchObject({ state: 'promoted', looks: 1, pairs: canaryCount, last_verdict: { verdict: 'promote', difference: 0, lower_bound: 0 } });
      expect(await s.champion()).toMatchObject({ champion: 'checkpoint-200', how: 'promoted', previous: 'checkpoint-100', evidence: { live: { verdict: 'promote' } } });
      expect(await readlink(path.join(s.servingDir, 'current'))).toBe(path.join('checkpoints', 'checkpoint-200'));
      expect((await s.lines()).map((l) => l['event'] ?? null)).toEqual([null, 'canary-start', 'canary-look', 'canary-promote']);
      await s.split.refresh();
      expect((await s.send(20)).every((a) => a.model === 'checkpoint-200')).toBe(true);
    } finally {
      await s.close();
    }
  }, 120_000);

  it('refuses a canary.json whose names are not checkpoint names, touching nothing', async () => {
    const s = await setup({ share: 0.3, pairsPerLook: 10, maxLooks: 3, margin: 0.1 });
    try {
      await s.store.write('canary', {
        state: 'running', canary: '../../etc', champion: 'checkpoint-100', canary_model: 'x', champion_model: 'checkpoint-100', share: 0.3,
        started_at: new Date().toISOString(), decided_at: null, pairs: 0, looks: 0, last_verdict: null, history: [],
      });
      await expect(deployOnce(s.deps(true))).rejects.toThrow('canary.json names "../../etc", which is not a checkpoint name');
      expect(await readlink(path.join(s.servingDir, 'current'))).toBe(path.join('checkpoints', 'checkpoint-100'));
      expect((await s.lines()).length).toBe(1);
    } finally {
      await s.close();
    }
  }, 60_000);
});
