// The serving pool against a real HTTP server taking vLLM's LoRA load/unload calls.
import { afterEach, describe, expect, it } from '@jest/globals';
import { backendProfile, commandServing, createModelBackend, loraServing } from '@flywheel/model-backend';
import { freePort, startJsonServer, type JsonHttpServer } from '@flywheel/testing';
import { fileURLToPath } from 'node:url';
import { createServingPool } from './serving-pool.js';

let server: JsonHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const TINY = fileURLToPath(new URL('../../model-backend/src/__fixtures__/tiny-model-server.mjs', import.meta.url));
const backendFor = (endpoint: Parameters<typeof createModelBackend>[0]) => createModelBackend(endpoint, { concurrency: 4, timeoutMs: 5_000, retries: 0 });
const poolOn = (url: string) => createServingPool({
  serving: loraServing({ baseUrl: url, profile: backendProfile('vllm'), timeoutMs: 5_000, retries: 0 }),
  backendFor: (endpoint) => createModelBackend(endpoint, { concurrency: 4, timeoutMs: 5_000, retries: 0 }),
});
const calls = () => server!.requests.map((r) => `${r.url} ${(r.body as { lora_name: string }).lora_name}`);

describe('serving pool', () => {
  it('loads a checkpoint once for the shards holding it at once, and unloads it after the last', async () => {
    server = await startJsonServer(() => ({ body: 'Success' }));
    const pool = poolOn(server.url);
    const ckpt = { name: 'checkpoint-100', path: '/ckpt/checkpoint-100' };
    const [one, two] = await Promise.all([pool.acquire(ckpt), pool.acquire(ckpt)]);
    expect(one.backend).toBe(two.backend);
    await one.release();
    await one.release();
    expect(calls()).toEqual(['/v1/load_lora_adapter checkpoint-100']);
    await two.release();
    expect(calls()).toEqual(['/v1/load_lora_adapter checkpoint-100', '/v1/unload_lora_adapter checkpoint-100']);
  });

  it('does not load a checkpoint again until its unload has been answered', async () => {
    // The unload takes 300 ms: a shard arriving meanwhile must not have its adapter pulled away
    // (the pool waits for the release; the LoRA client's one-at-a-time limiter also orders them).
    const arrived: number[] = [];
    server = await startJsonServer((request) => {
      arrived.push(performance.now());
      return { body: 'Success', delayMs: request.url.includes('unload') ? 300 : 0 };
    });
    const pool = poolOn(server.url);
    const ckpt = { name: 'checkpoint-200', path: '/ckpt/checkpoint-200' };
    const first = await pool.acquire(ckpt);
    const releasing = first.release();
    const second = await pool.acquire(ckpt);
    await releasing;
    expect(calls()).toEqual(['/v1/load_lora_adapter checkpoint-200', '/v1/unload_lora_adapter checkpoint-200', '/v1/load_lora_adapter checkpoint-200']);
    // The second load was sent after the unload's answer, held 300 ms (less timer granularity).
    expect(arrived[2]! - arrived[1]!).toBeGreaterThanOrEqual(290);
    await second.release();
  });
});

describe('serving pool, command strategy', () => {
  it('serves one checkpoint at a time on its one port: a shard of another waits for the release', async () => {
    const port = await freePort();
    const pool = createServingPool({
      serving: commandServing({ command: `node ${TINY} --port {port} --name {name}`, port, profile: backendProfile('vllm'), timeoutMs: 2_000, retries: 0, healthTimeoutMs: 20_000 }),
      backendFor,
    });
    const first = await pool.acquire({ name: 'checkpoint-100', path: '/ckpt/checkpoint-100' });
    let secondServed = false;
    const second = pool.acquire({ name: 'checkpoint-200', path: '/ckpt/checkpoint-200' }).then((held) => {
      secondServed = true;
      return held;
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(secondServed).toBe(false);
    const models = async () => ((await (await fetch(`http://127.0.0.1:${port}/v1/models`)).json()) as { data: { id: string }[] }).data.map((m) => m.id);
    expect(await models()).toEqual(['checkpoint-100']);
    await first.release();
    const held = await second;
    expect(await models()).toEqual(['checkpoint-200']);
    await held.release();
  }, 60_000);
});
