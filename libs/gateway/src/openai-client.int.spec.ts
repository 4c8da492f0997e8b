// Issue 19's goal: the official `openai` npm client works against the gateway as it would
// against OpenAI — chat, streaming, withResponse, abort mid-stream, legacy completions, its
// error classes, 50 concurrent requests, images and speech — with real HTTP upstreams behind the gateway.
import { waitFor } from '@flywheel/testing';
import { describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { createGatewayApp, startGatewayServer } from './gateway-app.js';
import { createPerformanceTracker } from './performance-tracker.js';
import { startTestUpstream, type TestUpstream } from './test-upstream.fixture.js';
import type { Upstream } from './upstreams.js';
import { cleanupsAfterEach } from './cleanups.fixture.js';

const PIECES = ['The', ' answer', ' is', ' 4'];
const ANSWER = 'The answer is 4';

const cleanup = cleanupsAfterEach();

async function upstream(options: Parameters<typeof startTestUpstream>[0] = {}): Promise<TestUpstream> {
  const started = await startTestUpstream({ pieces: PIECES, ...options });
  cleanup(() => started.close());
  return started;
}

/** A gateway in front of `upstreams`, and the official client pointed at it (no retries: each call is one request). */
async function gatewayClient(upstreams: Upstream[]) {
  const tracker = createPerformanceTracker({ policy: { failures: 3, baseMs: 3_600_000 } });
  // Events are not what this file tests: they go nowhere.
  const app = createGatewayApp({ upstreams, tracker, criterion: 'speed', maxAttempts: 2, timeoutMs: 10_000, recordChars: 200, emit: async () => undefined });
  const server = await startGatewayServer(app, { host: '127.0.0.1', port: 0 });
  cleanup(() => server.close());
  return { url: server.url, client: new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'placeholder', maxRetries: 0, timeout: 20_000 }) };
}

const MESSAGES = [{ role: 'user' as const, content: 'What is 2 + 2?' }];

describe('the official openai client against the gateway', () => {
  it('chat completion, by the served checkpoint name and by auto', async () => {
    const served = await upstream({ model: 'checkpoint-100' });
    const { client } = await gatewayClient([{ name: 'deployed', baseUrl: served.url }]);
    const named = await client.chat.completions.create({ model: 'checkpoint-100', messages: MESSAGES });
    expect([named.object, named.choices[0]!.message.content, named.choices[0]!.finish_reason, named.usage?.prompt_tokens]).toEqual(['chat.completion', ANSWER, 'stop', 5]);
    const auto = await client.chat.completions.create({ model: 'auto', messages: MESSAGES });
    expect(auto.choices[0]!.message.content).toBe(ANSWER);
    expect(served.requests.map((r) => r.body['model'])).toEqual(['checkpoint-100', 'checkpoint-100']);
  });

  it('streams a chat answer: the chunks carry exactly what the upstream sent', async () => {
    const served = await upstream({ model: 'checkpoint-100' });
    const { client } = await gatewayClient([{ name: 'deployed', baseUrl: served.url }]);
    const stream = await client.chat.completions.create({ model: 'deployed', messages: MESSAGES, stream: true });
    const contents: string[] = [];
    for await (const chunk of stream) contents.push(chunk.choices[0]?.delta.content ?? '');
    expect(contents).toEqual(PIECES);
    expect(served.streams).toHaveLength(1);
  });

  it('withResponse gives the HTTP response: status 200, the gateway\'s x-request-id (the client\'s request_id), the answering model', async () => {
    const served = await upstream();
    const { client } = await gatewayClient([{ name: 'deployed', baseUrl: served.url }]);
    const { data, response, request_id } = await client.chat.completions.create({ model: 'deployed', messages: MESSAGES }).withResponse();
    expect(response.status).toBe(200);
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/\S{8,}/);
    expect([request_id, response.headers.get('x-flywheel-model')]).toEqual([id, 'deployed']);
    expect(data.choices[0]!.message.content).toBe(ANSWER);
  });

  it('abort mid-stream: the stream ends where it was cut (the client does not throw then), the gateway closes the upstream connection and keeps serving', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const slow = await upstream({ afterFirstChunk: () => released });
    const { url, client } = await gatewayClient([{ name: 'deployed', baseUrl: slow.url }]);
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ model: 'deployed', messages: MESSAGES, stream: true }, { signal: controller.signal });
    const seen: string[] = [];
    for await (const chunk of stream) {
      seen.push(chunk.choices[0]?.delta.content ?? '');
      controller.abort();
    }
    expect(seen).toEqual([PIECES[0]]);
    // The gateway hung up on the upstream while the upstream was still holding the rest of its answer.
    await waitFor(() => slow.abandoned === 1, { what: 'the upstream connection to close' });
    release();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await client.chat.completions.create({ model: 'deployed', messages: MESSAGES })).choices[0]!.message.content).toBe(ANSWER);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/^gen_ai_server_requests_total\{[^}]*outcome="cancelled"[^}]*\} 1$/m);
  });

  it('abort before the answer: the client throws APIUserAbortError and the gateway keeps serving', async () => {
    // An upstream that never answers, and says when the gateway hangs up on it.
    let hungUp = 0;
    const silent = createServer((req) => req.socket.once('close', () => (hungUp += 1)));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanup(
      () =>
        new Promise<void>((resolve) => {
          silent.closeAllConnections();
          silent.close(() => resolve());
        }),
    );
    const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const served = await upstream();
    const { url, client } = await gatewayClient([{ name: 'slow', baseUrl: silentUrl, model: 'slow-model' }, { name: 'deployed', baseUrl: served.url }]);
    const controller = new AbortController();
    const pending = client.chat.completions.create({ model: 'slow', messages: MESSAGES, stream: true }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    expect(served.requests).toHaveLength(0); // no fallback for a caller who left
    await waitFor(() => hungUp === 1, { what: 'the gateway to close the silent upstream\'s connection' });
    expect((await client.chat.completions.create({ model: 'deployed', messages: MESSAGES })).choices[0]!.message.content).toBe(ANSWER);
    await waitFor(async () => /^gen_ai_server_requests_total\{[^}]*flywheel_upstream="slow"[^}]*outcome="cancelled"[^}]*\} 1$/m.test(await (await fetch(`${url}/metrics`)).text()), { what: 'the cancelled request in /metrics' });
  });

  it('legacy completions, whole and streamed', async () => {
    const served = await upstream();
    const { client } = await gatewayClient([{ name: 'deployed', baseUrl: served.url }]);
    const whole = await client.completions.create({ model: 'deployed', prompt: 'What is 2 + 2?' });
    expect([whole.object, whole.choices[0]!.text]).toEqual(['text_completion', ANSWER]);
    const texts: string[] = [];
    for await (const chunk of await client.completions.create({ model: 'deployed', prompt: 'What is 2 + 2?', stream: true })) texts.push(chunk.choices[0]!.text);
    expect(texts).toEqual(PIECES);
    expect(served.requests.map((r) => r.path)).toEqual(['/v1/completions', '/v1/completions']);
  });

  it('errors come as the client\'s classes: unknown model → NotFoundError model_not_found; upstream failures by their status', async () => {
    const served = await upstream();
    const { client } = await gatewayClient([{ name: 'deployed', baseUrl: served.url }]);
    const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected an error'); }, (error: unknown) => error as InstanceType<typeof OpenAI.APIError>);

    const notFound = await failure(client.chat.completions.create({ model: 'no-such-model-xyz', messages: MESSAGES }));
    expect(notFound).toBeInstanceOf(OpenAI.NotFoundError);
    expect([notFound.status, notFound.code, notFound.type, notFound.param]).toEqual([404, 'model_not_found', 'invalid_request_error', 'model']);
    expect(served.requests).toHaveLength(0);

    served.mode = 'fail';
    const serverError = await failure(client.chat.completions.create({ model: 'deployed', messages: MESSAGES }));
    expect([serverError instanceof OpenAI.InternalServerError, serverError.status]).toEqual([true, 500]);
    served.mode = 'rate-limit';
    const limited = await failure(client.chat.completions.create({ model: 'deployed', messages: MESSAGES }));
    expect([limited instanceof OpenAI.RateLimitError, limited.status]).toEqual([true, 429]);
    served.mode = 'bad-request';
    const bad = await failure(client.completions.create({ model: 'deployed', prompt: 'x' }));
    expect([bad instanceof OpenAI.BadRequestError, bad.status]).toEqual([true, 400]);

    // No upstream reachable at all: the gateway's own 502, in the OpenAI error shape.
    await served.close();
    const unreachable = await failure(client.chat.completions.create({ model: 'deployed', messages: MESSAGES }));
    expect([unreachable instanceof OpenAI.InternalServerError, unreachable.status, unreachable.code, unreachable.type]).toEqual([true, 502, 'upstream_unavailable', 'upstream_error']);
  });

  it('50 concurrent requests all succeed, each with its own request id', async () => {
    const served = await upstream();
    const { client } = await gatewayClient([{ name: 'deployed', baseUrl: served.url }]);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0
          ? client.chat.completions.create({ model: 'deployed', messages: MESSAGES }).withResponse().then(({ data, request_id }) => ({ text: data.choices[0]!.message.content, id: request_id }))
          : client.completions.create({ model: 'deployed', prompt: 'x' }).withResponse().then(({ data, request_id }) => ({ text: data.choices[0]!.text, id: request_id })),
      ),
    );
    expect(results.map((r) => r.text)).toEqual(Array(50).fill(ANSWER));
    expect(new Set(results.map((r) => r.id)).size).toBe(50);
    expect(served.requests).toHaveLength(50);
  });

  it('generates an image and speech through the gateway, each from the upstream serving its type; the speech bytes unchanged', async () => {
    const audio = [Buffer.from('ID3'), Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256))];
    const text = await upstream({ model: 'qwen' });
    const painter = await upstream({ model: 'painter-1' });
    const voice = await upstream({ model: 'voice-1', audio });
    const { client } = await gatewayClient([
      { name: 'chat', baseUrl: text.url },
      { name: 'painter', baseUrl: painter.url, types: ['image'] },
      { name: 'voice', baseUrl: voice.url, types: ['audio'] },
    ]);
    const image = await client.images.generate({ model: 'auto', prompt: 'a red fox' });
    expect(Buffer.from(image.data![0]!.b64_json!, 'base64').toString()).toBe('image by painter-1');
    const speech = await client.audio.speech.create({ model: 'voice', voice: 'alloy', input: 'Hello there' });
    expect(speech.headers.get('content-type')).toBe('audio/mpeg');
    expect(Buffer.from(await speech.arrayBuffer()).equals(Buffer.concat(audio))).toBe(true);
    expect(text.requests).toEqual([]);
    expect(painter.requests.map((r) => r.path)).toEqual(['/v1/images/generations']);
    expect(voice.requests.map((r) => r.path)).toEqual(['/v1/audio/speech']);
    // No upstream serves video: the client's NotFoundError carries the gateway's code.
    const error = await client.post('/videos', { body: { model: 'auto', prompt: 'waves' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('type_not_served');
  });
});
