// The adapter is what users get, with real parts: the simulator's HTTP server serving the
// checkpoints as LoRA adapters (its answers name the model that answered), a real Redis under
// the status store, the real gateway following last_deployment.json, and deployOnce deploying
// through the "lora" strategy, unloading old adapters and asking the gateway as a user would.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Example } from '@flywheel/contracts';
import { createDeployedModel, createGatewayApp, createPerformanceTracker, createRedisEventSink, deployedModelReader, startGatewayServer, type Upstream } from '@flywheel/gateway';
import { startSimulatorServer, writeSimulatedCheckpoint, type SimulatorServer } from '@flywheel/simulation';
import { createStatusStore } from '@flywheel/status-store';
import { redisPerFile, tempDir } from '@flywheel/testing';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
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
async function setup(options: { keepLoadedAdapters: number; deployedUpstream: Upstream }) {
  const t = await tempDir('adapter');
  const run = `adapter${++runs}`;
  const checkpointsDir = path.join(t.dir, 'current_model');
  const statusDir = path.join(t.dir, 'status');
  const servingDir = path.join(t.dir, 'serving');
  await mkdir(statusDir, { recursive: true });
  for (const step of [100, 150, 200]) await writeSimulatedCheckpoint(checkpointsDir, { step, evalLoss: 0.5, trainLoss: [], epoch: 1, maxSteps: 1000 });
  const store = createStatusStore({ statusDir, run, redis: redis.client, logger: pino({ level: 'silent' }) });
  const deployedModel = createDeployedModel({ upstream: options.deployedUpstream.name, read: deployedModelReader(store), refreshMs: 200 });
  const app = createGatewayApp({
    upstreams: [options.deployedUpstream], tracker: createPerformanceTracker({ policy: { failures: 3, baseMs: 3_600_000 } }),
    criterion: 'speed', maxAttempts: 1, timeoutMs: 10_000, recordChars: 200, deployedModel,
    emit: createRedisEventSink(redis.client, { run, maxLength: 1_000, ttlSeconds: 600 }),
  });
  const gateway = await startGatewayServer(app, { host: '127.0.0.1', port: 0 });
  const deps: DeployDeps = {
    statusDir, checkpointsDir, servingDir, server: loraServer({ baseUrl: sim.url, timeoutMs: 5_000 }), baseUrl: sim.url, smokePrompt: 'Hello', healthTimeoutMs: 5_000,
    keepLoadedAdapters: options.keepLoadedAdapters,
    gateway: { url: gateway.url, upstream: options.deployedUpstream.name, timeoutMs: 20_000 },
    writeStatus: async (r) => void (await store.write('deployment', r)),
    writeChampion: async (body) => void (await store.write('champion', body)),
    lock: () => acquireDeployLock(redis.client, `lock:${run}`, 60_000),
  };
  const rank = (best: string, champion?: string) => store.write('model_comparison', {
    best_checkpoint: best,
    rankings: [{ checkpoint: best, score: 0.7, score_interval: [0.65, 0.75], accuracy: null, loss: null, ece: null }],
    promotion: champion ? { champion, challenger: best, pass: true, test: 'paired z-test', challenger_score: 0.7, reason: 'better' } : null,
  } as never);
  /** A user's chat request through the gateway, naming no model: the upstream that answered and the model its answer names. */
  const ask = async () => {
    const res = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'What is 2 + 2?' }], max_tokens: 8 }),
    });
    expect(res.status).toBe(200);
    return { upstream: res.headers.get('x-flywheel-model'), model: ((await res.json()) as { model: string }).model };
  };
  const loaded = async () => ((await (await fetch(`${sim.url}/v1/models`)).json()) as { data: { id: string }[] }).data.map((m) => m.id);
  const lines = async () => (await readFile(path.join(statusDir, 'deployments.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const close = async () => {
    deployedModel.stop();
    await gateway.close();
    // Each test's adapters go, so the next one starts from the base model alone.
    for (const name of (await loaded()).filter((n) => n !== 'sim-base')) {
      await fetch(`${sim.url}/v1/unload_lora_adapter`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lora_name: name }) });
    }
    await t.remove();
  };
  return { deps, store, rank, ask, loaded, lines, close, checkpointsDir };
}

describe('hostile input: LoRA deployments through the gateway (adapters loaded are bounded)', () => {
  it('routes users to the deployed adapter, not the base model, and unloads adapters beyond deploy.keepLoadedAdapters', async () => {
    const s = await setup({ keepLoadedAdapters: 1, deployedUpstream: { name: 'deployed', baseUrl: sim.url } });
    try {
      // Nothing deployed yet: the server's first model, as before (vLLM lists its base model first).
      expect(await s.ask()).toEqual({ upstream: 'deployed', model: 'sim-base' });

      await s.rank('checkpoint-100');
      const first = await deployOnce(s.deps);
      expect(first).toMatchObject({ outcome: 'deployed', record: {
        checkpoint: 'checkpoint-100', success: true, served_model: 'checkpoint-100', adapters_unloaded: [], adapters_unload_error: null,
        gateway_smoke: { ok: true, model: 'checkpoint-100' },
      } });
      expect(await s.ask()).toEqual({ upstream: 'deployed', model: 'checkpoint-100' });

      // An evaluator scoring checkpoint-150 loads it from the checkpoints folder, on the same server.
      const evaluatorLoad = await fetch(`${sim.url}/v1/load_lora_adapter`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ lora_name: 'checkpoint-150', lora_path: path.join(s.checkpointsDir, 'checkpoint-150') }),
      });
      expect(evaluatorLoad.status).toBe(200);

      await s.rank('checkpoint-200', 'checkpoint-100');
      const second = await deployOnce(s.deps);
      expect(second).toMatchObject({ outcome: 'deployed', record: {
        checkpoint: 'checkpoint-200', previous: 'checkpoint-100', success: true, served_model: 'checkpoint-200',
        adapters_unloaded: ['checkpoint-100'], adapters_unload_error: null, gateway_smoke: { ok: true, model: 'checkpoint-200' },
      } });
      // keep 1: the deployed adapter stays, the one before it is gone; the evaluator's is not the deployer's to unload.
      expect(await s.loaded()).toEqual(['sim-base', 'checkpoint-150', 'checkpoint-200']);
      expect(await s.ask()).toEqual({ upstream: 'deployed', model: 'checkpoint-200' });

      const status = await s.store.read('deployment');
      expect(status.state).toBe('present');
      expect(status.state === 'present' && status.data).toMatchObject({
        checkpoint: 'checkpoint-200', served_model: 'checkpoint-200', adapters_unloaded: ['checkpoint-100'], gateway_smoke: { ok: true, model: 'checkpoint-200' },
      });
      const journal = await s.lines();
      expect(journal.map((l) => [l['checkpoint'], (l['gateway_smoke'] as { ok: boolean }).ok, l['adapters_unloaded']]))
        .toEqual([['checkpoint-100', true, []], ['checkpoint-200', true, ['checkpoint-100']]]);
    } finally {
      await s.close();
    }
  });

  it('unloads nothing while the gateway still sends users another model: the smoke through it fails and is recorded', async () => {
    // A gateway configured to send the deployed upstream the base model by name: users never get the adapter.
    const s = await setup({ keepLoadedAdapters: 1, deployedUpstream: { name: 'deployed', baseUrl: sim.url, model: 'sim-base' } });
    s.deps.gateway!.timeoutMs = 1_500;
    try {
      await s.rank('checkpoint-100');
      const first = await deployOnce(s.deps);
      expect(first).toMatchObject({ outcome: 'deployed', record: { success: true, served_model: 'checkpoint-100', adapters_unloaded: [], gateway_smoke: { ok: false, model: 'sim-base' } } });
      await s.rank('checkpoint-200', 'checkpoint-100');
      const second = await deployOnce(s.deps);
      // The adapter itself passed its checks: the deployment stands, and says what the gateway did.
      expect(second).toMatchObject({ outcome: 'deployed', record: {
        checkpoint: 'checkpoint-200', success: true, adapters_unloaded: [],
        gateway_smoke: { ok: false, model: 'sim-base', detail: expect.stringContaining('answered as model sim-base, not checkpoint-200') },
        adapters_unload_error: expect.stringContaining('the smoke through the gateway failed'),
      } });
      expect(await s.loaded()).toEqual(['sim-base', 'checkpoint-100', 'checkpoint-200']);
    } finally {
      await s.close();
    }
  });
});
