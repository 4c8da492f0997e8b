// The deployed upstream's model name from last_deployment.json, with real parts: a real Redis
// under the status store, the simulator's HTTP server holding LoRA adapters (its answers name
// the model that answered) and the gateway's real HTTP server.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSimulatorServer, type SimulatorServer } from '@flywheel/simulation';
import { createStatusStore } from '@flywheel/status-store';
import { redisPerFile, tempDir } from '@flywheel/testing';
import { pino } from 'pino';
import { cleanupsAfterEach } from './cleanups.fixture.js';
import { createDeployedModel, deployedModelReader } from './deployed-model.js';
import { createGatewayApp, startGatewayServer } from './gateway-app.js';
import { createPerformanceTracker } from './performance-tracker.js';

const redis = redisPerFile();
const cleanup = cleanupsAfterEach();
let sim: SimulatorServer;
beforeAll(async () => {
  sim = await startSimulatorServer({ examples: [], baseModel: 'sim-base' });
});
afterAll(() => sim.close());

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const adapter = async (action: 'load' | 'unload', name: string) => {
  const res = await post(`${sim.url}/v1/${action}_lora_adapter`, action === 'load' ? { lora_name: name, lora_path: `/serving/checkpoints/${name}` } : { lora_name: name });
  expect(res.status).toBe(200);
};

let runs = 0;
async function setup() {
  const t = await tempDir('deployed-model');
  const store = createStatusStore({ statusDir: t.dir, run: `deployed${++runs}`, redis: redis.client, logger: pino({ level: 'silent' }) });
  // No timed re-read within a test: only `refresh()` and the gateway's own re-read after a 404 read the file.
  const deployed = createDeployedModel({ upstream: 'deployed', read: deployedModelReader(store), refreshMs: 3_600_000 });
  const app = createGatewayApp({
    upstreams: [{ name: 'deployed', baseUrl: sim.url }], tracker: createPerformanceTracker({ policy: { failures: 3, baseMs: 3_600_000 } }),
    criterion: 'speed', maxAttempts: 1, timeoutMs: 10_000, recordChars: 200, deployedModel: deployed, emit: async () => undefined,
  });
  const gateway = await startGatewayServer(app, { host: '127.0.0.1', port: 0 });
  cleanup(async () => {
    deployed.stop();
    await gateway.close();
    await t.remove();
  });
  const record = (served: string | null) => store.write('deployment', { checkpoint: served, deployed_at: '2026-01-01T00:00:00.000Z', score: null, success: true, served_model: served });
  const ask = async () => {
    const res = await post(`${gateway.url}/v1/chat/completions`, { model: 'deployed', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 4 });
    return { status: res.status, model: ((await res.json()) as { model?: string }).model };
  };
  return { deployed, record, ask };
}

describe('the deployed upstream follows last_deployment.json', () => {
  it('sends the recorded adapter, not the first of /v1/models, and re-reads the record after a 404', async () => {
    const s = await setup();
    await adapter('load', 'checkpoint-100');
    await adapter('load', 'checkpoint-200');
    await s.record('checkpoint-100');
    await s.deployed.refresh();
    expect(await s.ask()).toEqual({ status: 200, model: 'checkpoint-100' });

    // Redeployed and the old adapter unloaded before the gateway's next read: its 404 makes it read again, once.
    await s.record('checkpoint-200');
    await adapter('unload', 'checkpoint-100');
    expect(s.deployed.current()).toBe('checkpoint-100');
    expect(await s.ask()).toEqual({ status: 200, model: 'checkpoint-200' });
    expect(s.deployed.current()).toBe('checkpoint-200');
    await adapter('unload', 'checkpoint-200');
  });

  it('falls back to the first model /v1/models lists without a served name', async () => {
    const s = await setup();
    await s.deployed.refresh();
    expect(s.deployed.current()).toBeNull();
    expect(await s.ask()).toEqual({ status: 200, model: 'sim-base' });
    // A server that chooses its model ("pm2") records null: the same.
    await s.record(null);
    await s.deployed.refresh();
    expect(await s.ask()).toEqual({ status: 200, model: 'sim-base' });
  });

  it('asks a single-model server for its one model when the record names one it does not serve; a LoRA server keeps its 404', async () => {
    const s = await setup();
    // The record names a checkpoint the server (restarted with another model, its record not yet rewritten) does not serve.
    await s.record('checkpoint-5250');
    await s.deployed.refresh();
    expect(await s.ask()).toEqual({ status: 200, model: 'sim-base' });
    // With adapters loaded the server lists several models: which one users should get is not known, so no guess.
    await adapter('load', 'checkpoint-100');
    expect((await s.ask()).status).toBe(404);
    await adapter('unload', 'checkpoint-100');
  });
});
