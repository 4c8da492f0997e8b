import { afterEach, describe, expect, it } from '@jest/globals';
import { freePort, startJsonServer, type JsonHttpServer } from '@flywheel/testing';
import { z } from 'zod';
import { requestJson, retryAfterMs } from './http-client.js';
import { createLimiter } from './limiter.js';
import { BackendError } from './model-backend.js';

const Ok = z.object({ ok: z.literal(true) });
let server: JsonHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const options = (url: string, over = {}) => ({ baseUrl: url, timeoutMs: 2_000, retries: 3, backoffMs: 1, limiter: createLimiter(4), ...over });

async function failure(promise: Promise<unknown>): Promise<BackendError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BackendError) return error;
    throw error;
  }
  throw new Error('expected a BackendError');
}

describe('requestJson', () => {
  it('retries 429 (honouring Retry-After) and 5xx, then succeeds', async () => {
    const replies = [{ status: 429, headers: { 'retry-after': '0' } }, { status: 503 }, { status: 502 }, { body: { ok: true } }];
    server = await startJsonServer((_, i) => replies[i]!);
    await expect(requestJson(options(server.url), 'POST', '/v1/x', { a: 1 }, Ok)).resolves.toEqual({ ok: true });
    expect(server.requests).toHaveLength(4);
  });
  it('gives up after the retries, saying how often it tried', async () => {
    server = await startJsonServer(() => ({ status: 500, body: 'CUDA out of memory' }));
    const error = await failure(requestJson(options(server.url, { retries: 2 }), 'GET', '/v1/models', undefined, Ok));
    expect(server.requests).toHaveLength(3);
    expect(error).toMatchObject({ kind: 'http', status: 500 });
    expect(error.message).toBe(`model server at ${server.url}/v1/models answered 500: CUDA out of memory`);
  });
  it('does not retry other 4xx', async () => {
    server = await startJsonServer(() => ({ status: 400, body: { error: 'bad model' } }));
    const error = await failure(requestJson(options(server.url), 'POST', '/v1/x', {}, Ok));
    expect(server.requests).toHaveLength(1);
    expect(error.status).toBe(400);
  });
  it('names a server that is down', async () => {
    const port = await freePort();
    const error = await failure(requestJson(options(`http://127.0.0.1:${port}`, { retries: 1 }), 'GET', '/v1/models', undefined, Ok));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toBe(`model server at http://127.0.0.1:${port}/v1/models is not reachable (ECONNREFUSED) after 2 attempts`);
  });
  it('names the field of an unexpected shape', async () => {
    server = await startJsonServer(() => ({ body: { choices: [{ message: {} }] } }));
    const shape = z.object({ choices: z.array(z.object({ message: z.object({ content: z.string() }) })) });
    const error = await failure(requestJson(options(server.url), 'POST', '/v1/chat/completions', {}, shape));
    expect(error.kind).toBe('shape');
    expect(error.message).toMatch(/unexpected shape: choices\[0\]\.message\.content: /);
  });
  it('times out a silent server', async () => {
    server = await startJsonServer(() => ({ body: { ok: true }, delayMs: 500 }));
    const error = await failure(requestJson(options(server.url, { timeoutMs: 50, retries: 0 }), 'GET', '/slow', undefined, Ok));
    expect(error.kind).toBe('timeout');
  });
  it('keeps at most `concurrency` requests in flight', async () => {
    server = await startJsonServer(() => ({ body: { ok: true }, delayMs: 30 }));
    const limited = options(server.url, { limiter: createLimiter(3) });
    await Promise.all(Array.from({ length: 10 }, () => requestJson(limited, 'GET', '/x', undefined, Ok)));
    expect(server.requests).toHaveLength(10);
    expect(server.maxInFlight()).toBe(3);
  });
  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMs('2')).toBe(2_000);
    expect(retryAfterMs('Wed, 01 Jan 2025 00:00:10 GMT', Date.parse('2025-01-01T00:00:00Z'))).toBe(10_000);
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
