import { afterEach, describe, expect, it } from '@jest/globals';
import { freePort, startJsonServer, type JsonHttpServer } from '@flywheel/testing';
import { fileURLToPath } from 'node:url';
import { backendProfile } from '../profiles.js';
import { commandArgv, commandServing } from './command.js';
import { fixedServing } from './fixed.js';
import { loraServing } from './lora.js';

const TINY = fileURLToPath(new URL('../__fixtures__/tiny-model-server.mjs', import.meta.url));
const vllm = backendProfile('vllm');
const checkpoint = { name: 'checkpoint-600', path: '/ckpt/my run/checkpoint-600' };
let server: JsonHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const isListening = async (url: string) => fetch(url).then(() => true, () => false);

describe('commandArgv', () => {
  it('splits first, then substitutes: a path with spaces stays one argument', () => {
    expect(commandArgv('vllm serve {path} --port {port} --served-model-name {name}', { ...checkpoint, port: 8100 })).toEqual([
      'vllm', 'serve', '/ckpt/my run/checkpoint-600', '--port', '8100', '--served-model-name', 'checkpoint-600',
    ]);
  });
});

describe('command serving', () => {
  it('starts the server, waits for health, and stops it on release', async () => {
    const port = await freePort();
    const strategy = commandServing({
      command: `node ${TINY} --port {port} --name {name}`, port, profile: vllm, timeoutMs: 1_000, retries: 0, healthTimeoutMs: 10_000,
    });
    const served = await strategy.serve(checkpoint);
    expect(served.endpoint).toMatchObject({ baseUrl: `http://127.0.0.1:${port}`, model: 'checkpoint-600' });
    const models = await (await fetch(`${served.endpoint.baseUrl}/v1/models`)).json();
    expect(models).toEqual({ data: [{ id: 'checkpoint-600' }] });
    await served.release();
    await served.release();
    expect(await isListening(`${served.endpoint.baseUrl}/health`)).toBe(false);
  });
  it('fails with the stderr of a server that exits', async () => {
    const port = await freePort();
    const strategy = commandServing({ command: `node ${TINY} --fail`, port, profile: vllm, timeoutMs: 1_000, retries: 0, healthTimeoutMs: 10_000 });
    await expect(strategy.serve(checkpoint)).rejects.toThrow(/did not come up: exited with code 3\nerror: CUDA out of memory while loading weights/);
  });
  it('fails clearly when health never comes', async () => {
    const port = await freePort();
    // Listens on another port than the one it is asked to: health never answers.
    const strategy = commandServing({
      command: `node ${TINY} --port ${await freePort()} --name x`, port, profile: vllm, timeoutMs: 1_000, retries: 0, healthTimeoutMs: 600, stopGraceMs: 1_000,
    });
    await expect(strategy.serve(checkpoint)).rejects.toThrow(`no healthy answer from http://127.0.0.1:${port}/health within 600 ms`);
  });
});

describe('lora serving', () => {
  it('loads the checkpoint as an adapter under its name, and unloads it once', async () => {
    server = await startJsonServer(() => ({ body: 'Success: LoRA adapter loaded.' }));
    const served = await loraServing({ baseUrl: server.url, profile: vllm, timeoutMs: 1_000, retries: 0 }).serve(checkpoint);
    expect(served.endpoint.model).toBe('checkpoint-600');
    await served.release();
    await served.release();
    expect(server.requests.map((r) => [r.url, r.body])).toEqual([
      ['/v1/load_lora_adapter', { lora_name: 'checkpoint-600', lora_path: checkpoint.path }],
      ['/v1/unload_lora_adapter', { lora_name: 'checkpoint-600' }],
    ]);
  });
  it('refuses a profile that cannot hot-load', () => {
    expect(() => loraServing({ baseUrl: 'http://127.0.0.1:1', profile: backendProfile('tgi'), timeoutMs: 1, retries: 0 })).toThrow(
      'backend.strategy "lora" needs a server that hot-loads adapters; profile "tgi" does not',
    );
  });
});

describe('fixed serving', () => {
  it("uses the configured model, else the server's first", async () => {
    server = await startJsonServer(() => ({ body: { object: 'list', data: [{ id: 'Qwen/Qwen2.5-7B', object: 'model' }] } }));
    const auto = await fixedServing({ baseUrl: server.url, profile: vllm, timeoutMs: 1_000, retries: 0 }).serve(checkpoint);
    expect(auto.endpoint.model).toBe('Qwen/Qwen2.5-7B');
    const named = await fixedServing({ baseUrl: server.url, profile: vllm, model: 'mine', timeoutMs: 1_000, retries: 0 }).serve(checkpoint);
    expect(named.endpoint.model).toBe('mine');
    expect(server.requests).toHaveLength(1);
  });
});
