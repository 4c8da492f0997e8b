import { GatewayEvent, redisNamespace, type Example } from '@flywheel/contracts';
import { startSimulatorServer, type SimulatorServer } from '@flywheel/simulation';
import { freePort, redisPerFile, waitFor } from '@flywheel/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayApp, startGatewayServer, type RunningGateway } from './gateway-app.js';
import { createRedisEventSink } from './gateway-events.js';
import { createPerformanceTracker } from './performance-tracker.js';
import type { Upstream } from './upstreams.js';
import { cleanupsAfterEach, upstreamStarter } from './cleanups.fixture.js';

const HOUR = 3_600_000;
const redis = redisPerFile();
const examples: Example[] = [{ id: 'sum', prompt: 'What is 2 + 2?\n', golden: '4', difficulty: 'easy', skill: 'math' }];

let sim: SimulatorServer;
beforeAll(async () => {
  sim = await startSimulatorServer({ examples, baseModel: 'sim-base' });
});
afterAll(() => sim.close());

const cleanup = cleanupsAfterEach();

const upstream = upstreamStarter(cleanup);

let runs = 0;
/** A gateway on a free port in front of `upstreams`, with its own run (stream) and a clock the test moves. */
async function gateway(upstreams: Upstream[], { maxAttempts = 3, aliases = {} as Record<string, string> } = {}) {
  const clock = { now: Date.parse('2026-11-25T12:00:00Z') };
  const tracker = createPerformanceTracker({ policy: { failures: 3, baseMs: HOUR }, now: () => clock.now });
  const run = `gw${++runs}`;
  const app = createGatewayApp({
    upstreams, tracker, criterion: 'speed', maxAttempts, timeoutMs: 10_000, recordChars: 200, aliases,
    emit: createRedisEventSink(redis.client, { run, maxLength: 1000, ttlSeconds: 600 }),
  });
  const server: RunningGateway = await startGatewayServer(app, { host: '127.0.0.1', port: 0 });
  cleanup(() => server.close());
  const keys = redisNamespace(run);
  return {
    url: server.url,
    tracker,
    clock,
    keys,
    /** The first `count` events of this gateway's stream, once that many are there. */
    async events(count: number): Promise<GatewayEvent[]> {
      await waitFor(async () => (await redis.client.xlen(keys.gatewayEvents)) >= count, { what: `${count} gateway events` });
      const entries = await redis.client.xrange(keys.gatewayEvents, '-', '+');
      return entries.map(([, fields]) => GatewayEvent.parse(JSON.parse(fields[1]!)));
    },
  };
}

async function chat(url: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'What is 2 + 2?\n' }], max_tokens: 8, ...body }),
  });
  return { status: res.status, id: res.headers.get('x-request-id'), model: res.headers.get('x-flywheel-model'), body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('gateway against real upstreams', () => {
  it('passes the simulator\'s answer through, by the model its /v1/models names, and records an event with an id', async () => {
    const gw = await gateway([{ name: 'deployed', baseUrl: sim.url }]);
    const direct = await (await fetch(`${sim.url}/v1/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sim-base', prompt: 'What is 2 + 2?\n', max_tokens: 8 }),
    })).json() as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const res = await fetch(`${gw.url}/v1/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'caller-7', 'x-flywheel-skill': 'math' },
      body: JSON.stringify({ model: 'deployed', prompt: 'What is 2 + 2?\n', max_tokens: 8 }),
    });
    const body = await res.json() as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(res.status).toBe(200);
    const id = res.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(res.headers.get('x-caller-request-id')).toBe('caller-7');
    expect(body.model).toBe('sim-base');
    expect(body.choices[0].text).toBe(direct.choices[0].text); // the simulator is deterministic per prompt and model
    const [event] = await gw.events(1);
    expect(event).toMatchObject({
      id, caller_request_id: 'caller-7', kind: 'completion', stream: false, model: 'deployed', outcome: 'success', status: 200, error: null,
      first_token_ms: null, prompt_tokens: direct.usage.prompt_tokens, completion_tokens: direct.usage.completion_tokens,
      prompt: 'What is 2 + 2?\n', output: direct.choices[0].text, skill: 'math',
      attempts: [{ model: 'deployed', outcome: 'success', status: 200, error: null }],
    });
    expect(JSON.parse((await redis.client.get(gw.keys.gatewayRequest(id)))!)).toEqual(event);
    expect(await redis.client.ttl(gw.keys.gatewayRequest(id))).toBeGreaterThan(0);
    expect(await redis.client.exists(gw.keys.gatewayRequest('caller-7'))).toBe(0);
    expect((await (await fetch(`${gw.url}/v1/models`)).json() as any).data.map((m: { id: string }) => m.id)).toEqual(['deployed']); // eslint-disable-line @typescript-eslint/no-explicit-any
  });

  it('blacklists after 3 failures in a row for 1 h, then 2 h, then 4 h, and lets the model back on its own', async () => {
    const flaky = await upstream();
    const gw = await gateway([{ name: 'flaky', baseUrl: flaky.url }, { name: 'sim', baseUrl: sim.url }]);
    flaky.mode = 'fail';
    for (let i = 0; i < 3; i++) {
      const res = await chat(gw.url, { model: 'flaky' });
      // Each failure falls back to the simulator.
      expect([res.status, res.model]).toEqual([200, 'sim']);
    }
    expect(flaky.requests).toHaveLength(3);
    const blacklisted = async () => (await (await fetch(`${gw.url}/performance/blacklisted`)).json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect((await blacklisted()).blacklisted).toEqual([
      { model: 'flaky', until: '2026-11-25T13:00:00.000Z', remaining_seconds: 3600, consecutive_failures: 3 },
    ]);
    // While blacklisted, even a request naming it goes elsewhere, and /v1/models leaves it out.
    expect((await chat(gw.url, { model: 'flaky' })).model).toBe('sim');
    expect(flaky.requests).toHaveLength(3);
    expect((await (await fetch(`${gw.url}/v1/models`)).json() as any).data.map((m: { id: string }) => m.id)).toEqual(['sim']); // eslint-disable-line @typescript-eslint/no-explicit-any

    gw.clock.now += HOUR; // back; fails a 4th time in a row: 2 h
    expect((await chat(gw.url, { model: 'flaky' })).model).toBe('sim');
    expect(flaky.requests).toHaveLength(4);
    expect((await blacklisted()).blacklisted[0]).toMatchObject({ until: '2026-11-25T15:00:00.000Z', consecutive_failures: 4 });
    gw.clock.now += 2 * HOUR; // 15:00, a 5th: 4 h
    await chat(gw.url, { model: 'flaky' });
    expect((await blacklisted()).blacklisted[0]).toMatchObject({ until: '2026-11-25T19:00:00.000Z', consecutive_failures: 5 });
    gw.clock.now += 4 * HOUR - 1000;
    await chat(gw.url, { model: 'flaky' });
    expect(flaky.requests).toHaveLength(5); // a second before the end it is still out
    gw.clock.now += 1000;
    flaky.mode = 'ok';
    const recovered = await chat(gw.url, { model: 'flaky' });
    expect([recovered.status, recovered.model, recovered.body.choices[0].message.content]).toEqual([200, 'flaky', 'Hello from upstream']);
    expect((await blacklisted()).blacklisted).toEqual([]);
    const metrics = (await (await fetch(`${gw.url}/performance/metrics/flaky`)).json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(metrics).toMatchObject({ consecutive_failures: 0, blacklisted: false, overall: { requests: 6, successes: 1, failures: 5 } });
  });

  it('falls back in ranking order on 5xx, 429 and a refused connection, at most 3 models', async () => {
    const failing = await upstream();
    const limited = await upstream();
    failing.mode = 'fail';
    limited.mode = 'rate-limit';
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const gw = await gateway([
      { name: 'failing', baseUrl: failing.url },
      { name: 'limited', baseUrl: limited.url },
      { name: 'nobody', baseUrl: nobody },
      { name: 'sim', baseUrl: sim.url },
    ]);
    const res = await chat(gw.url);
    // The third model could not be reached, so there is no upstream answer to pass on: 502 naming each try.
    expect(res.status).toBe(502);
    expect(res.body.error.message).toMatch(/^no upstream answered \(failing: upstream answered 500.*; limited: upstream answered 429.*; nobody: .*ECONNREFUSED\)$/);
    const [event] = await gw.events(1);
    expect(event!.attempts.map((a) => [a.model, a.status])).toEqual([['failing', 500], ['limited', 429], ['nobody', null]]);
    expect(event).toMatchObject({ id: res.id, outcome: 'error', model: 'nobody', status: 502, output: '', fault: 'model' });

    // With the simulator within the three tries, it answers.
    const gw2 = await gateway([{ name: 'failing', baseUrl: failing.url }, { name: 'limited', baseUrl: limited.url }, { name: 'sim', baseUrl: sim.url }]);
    const answered = await chat(gw2.url);
    expect([answered.status, answered.model]).toEqual([200, 'sim']);
    const [second] = await gw2.events(1);
    expect(second!.attempts.map((a) => [a.model, a.outcome, a.status])).toEqual([['failing', 'error', 500], ['limited', 'error', 429], ['sim', 'success', 200]]);

    // When every try failed with an answer, the last upstream's answer goes back as it is.
    const gw3 = await gateway([{ name: 'failing', baseUrl: failing.url }, { name: 'limited', baseUrl: limited.url }], { maxAttempts: 2 });
    const last = await chat(gw3.url);
    expect([last.status, last.body]).toEqual([429, { error: { message: 'slow down', type: 'RateLimitError' } }]);
  });

  describe('hostile input: gateway error_rate and caller mistakes', () => {
    it('returns a 4xx as it is, without falling back, and without counting it against the model', async () => {
      const strict = await upstream();
      strict.mode = 'bad-request';
      const gw = await gateway([{ name: 'strict', baseUrl: strict.url }, { name: 'sim', baseUrl: sim.url }]);
      const simChats = () => sim.stats().requests['POST /v1/chat/completions'] ?? 0;
      const before = simChats();
      const res = await chat(gw.url);
      expect([res.status, res.model, res.body]).toEqual([400, 'strict', { error: { message: 'max_tokens is too large', type: 'BadRequestError' } }]);
      expect(simChats()).toBe(before);
      const [event] = await gw.events(1);
      expect(event!.attempts).toHaveLength(1);
      // The caller's mistake, not the model's: the monitor leaves it out of the error rate.
      expect(event).toMatchObject({ outcome: 'error', status: 400, model: 'strict', fault: 'caller' });
      expect(gw.tracker.health('strict').consecutiveFailures).toBe(0);
      expect(gw.tracker.stats('strict', 'chat')).toMatchObject({ clientErrors: 1, failures: 0 });
    });

    it("counts a client that hangs up mid-answer as the caller's fault, not a model error", async () => {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const slow = await upstream({ pieces: ['The', ' answer', ' is', ' 4'], afterFirstChunk: () => released });
      const gw = await gateway([{ name: 'slow', baseUrl: slow.url }]);
      const abort = new AbortController();
      const res = await fetch(`${gw.url}/v1/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, signal: abort.signal,
        body: JSON.stringify({ model: 'slow', stream: true, messages: [{ role: 'user', content: 'What is 2 + 2?' }] }),
      });
      expect(res.status).toBe(200);
      await res.body!.getReader().read();
      abort.abort();
      // The upstream still holds the rest: the gateway learns of the hang-up from the client side.
      const [event] = await gw.events(1);
      release();
      expect(event).toMatchObject({ model: 'slow', fault: 'caller' });
      expect(gw.tracker.health('slow').consecutiveFailures).toBe(0);
      expect(gw.tracker.stats('slow', 'chat')).toMatchObject({ failures: 0 });
    });
    it('does not count a client that hangs up before the model answers against the model: fault caller', async () => {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let arrived!: () => void;
      const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
      let cancelled!: () => void;
      const upstreamCancelled = new Promise<void>((resolve) => (cancelled = resolve));
      // An upstream that holds its answer until the test releases it.
      const held = createServer((req, res) => {
        if (req.url === '/v1/models') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [{ id: 'held-model' }] }));
        arrived();
        res.once('close', () => { if (!res.writableFinished) cancelled(); });
        void released.then(() => res.writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ id: 'x', model: 'held-model', choices: [{ index: 0, message: { role: 'assistant', content: '4' }, finish_reason: 'stop' }] })));
      });
      await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
      cleanup(() => new Promise<void>((resolve) => { held.closeAllConnections(); held.close(() => resolve()); }));
      const gw = await gateway([{ name: 'held', baseUrl: `http://127.0.0.1:${(held.address() as AddressInfo).port}` }]);
      // A raw client, so that leaving closes the socket for sure.
      const body = JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'What is 2 + 2?' }] });
      const client = httpRequest(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
      client.on('error', () => undefined);
      client.end(body);
      await requestArrived;
      client.destroy();
      // The gateway gives up the upstream request when its caller leaves.
      await upstreamCancelled;
      release();
      const [event] = await gw.events(1);
      expect(event).toMatchObject({ model: 'held', outcome: 'error', fault: 'caller', error: 'the client closed the connection' });
      expect(gw.tracker.health('held').consecutiveFailures).toBe(0);
      expect(gw.tracker.stats('held', 'chat')).toMatchObject({ failures: 0 });
    });
  });

  it('follows a server redeployed under another model name: looks the name up again instead of failing', async () => {
    const served = await upstream({ model: 'checkpoint-100' });
    const gw = await gateway([{ name: 'deployed', baseUrl: served.url }, { name: 'sim', baseUrl: sim.url }]);
    expect((await chat(gw.url)).model).toBe('deployed');
    served.model = 'checkpoint-200';
    const after = await chat(gw.url);
    expect([after.status, after.model]).toEqual([200, 'deployed']);
    expect(served.requests.map((r) => r.body['model'])).toEqual(['checkpoint-100', 'checkpoint-100', 'checkpoint-200']);
    expect(gw.tracker.health('deployed').consecutiveFailures).toBe(0);
  });

  it('streams chunk by chunk, byte for byte: the first chunk reaches the client while the upstream still holds the rest', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const slow = await upstream({ pieces: ['The', ' answer', ' is', ' 4'], afterFirstChunk: () => released });
    const gw = await gateway([{ name: 'slow', baseUrl: slow.url }]);
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'slow', stream: true, messages: [{ role: 'user', content: 'What is 2 + 2?' }] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const received: Buffer[] = [];
    const length = () => received.reduce((n, b) => n + b.length, 0);
    // The upstream sends nothing more until released: if the gateway buffered, this would never end.
    while (length() < slow.streams[0]![0]!.length) received.push(Buffer.from((await reader.read()).value!));
    expect(Buffer.concat(received)).toEqual(slow.streams[0]![0]);
    expect(slow.streams[0]).toHaveLength(1);
    release();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received.push(Buffer.from(value));
    }
    expect(Buffer.concat(received)).toEqual(Buffer.concat(slow.streams[0]!));
    const [event] = await gw.events(1);
    expect(event).toMatchObject({ stream: true, outcome: 'success', output: 'The answer is 4', completion_tokens: 4, kind: 'chat' });
    expect(event!.first_token_ms).not.toBeNull();
  });

  it('falls back for a stream only before its first byte; a stream cut later ends the answer without a fallback', async () => {
    const broken = await upstream();
    const good = await upstream({ pieces: ['fine'] });
    broken.mode = 'fail';
    const gw = await gateway([{ name: 'broken', baseUrl: broken.url }, { name: 'good', baseUrl: good.url }]);
    const streamed = (headers: Record<string, string> = {}) =>
      fetch(`${gw.url}/v1/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ model: 'broken', prompt: 'p', stream: true }) });
    const before = await streamed();
    expect(before.headers.get('x-flywheel-model')).toBe('good');
    expect(Buffer.from(await before.arrayBuffer())).toEqual(Buffer.concat(good.streams[0]!));

    broken.mode = 'break-stream';
    const cut = await streamed({ 'x-request-id': 'cut-1' });
    expect(cut.headers.get('x-flywheel-model')).toBe('broken');
    await expect(cut.arrayBuffer()).rejects.toThrow();
    expect(good.requests).toHaveLength(1);
    const events = await gw.events(2);
    expect(events[1]).toMatchObject({ id: cut.headers.get('x-request-id'), caller_request_id: 'cut-1', outcome: 'error', model: 'broken', attempts: [{ model: 'broken', outcome: 'error' }] });
    expect(events[1]!.error).toMatch(/^stream broke/);
  });

  it('gives every request its own id, on the response and in the stream, and refuses a body that is not an object', async () => {
    const gw = await gateway([{ name: 'sim', baseUrl: sim.url }]);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await chat(gw.url)).id);
    expect(new Set(ids).size).toBe(5);
    const events = await gw.events(5);
    expect(events.map((e) => e.id)).toEqual(ids);
    for (const id of ids) expect(await redis.client.exists(gw.keys.gatewayRequest(id!))).toBe(1);
    const bad = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1]' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-request-id')).toBeTruthy();
    const broken = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as any).error.type).toBe('invalid_request_error'); // eslint-disable-line @typescript-eslint/no-explicit-any
  });

  describe('OpenAI-compatible model names and errors', () => {
    it("answers an unknown model with a 404 model_not_found listing the accepted names, asking no upstream", async () => {
      const first = await upstream({ model: 'checkpoint-100' });
      const second = await upstream({ model: 'checkpoint-200' });
      const gw = await gateway([{ name: 'deployed', baseUrl: first.url }, { name: 'previous', baseUrl: second.url, model: 'checkpoint-200' }]);
      const res = await chat(gw.url, { model: 'no-such-model-xyz' });
      // The accepted names: auto, the upstreams' names, the models they serve (deployed's from its /v1/models).
      expect([res.status, res.body]).toEqual([404, { error: {
        message: 'the model "no-such-model-xyz" does not exist here: use one of auto, deployed, previous, checkpoint-100, checkpoint-200',
        type: 'invalid_request_error', code: 'model_not_found', param: 'model',
      } }]);
      expect([first.requests.length, second.requests.length]).toEqual([0, 0]);
    });

    it('routes a served model name or an alias to its upstream, and auto or no model to the ranking', async () => {
      const first = await upstream({ model: 'checkpoint-100' });
      const second = await upstream({ model: 'checkpoint-200' });
      const gw = await gateway([{ name: 'deployed', baseUrl: first.url }, { name: 'previous', baseUrl: second.url }], { aliases: { 'gpt-4o': 'previous' } });
      // With no history the configured order is the ranking: deployed first (then the only one with figures).
      expect((await chat(gw.url, { model: 'auto' })).model).toBe('deployed');
      expect((await chat(gw.url, { model: undefined })).model).toBe('deployed');
      expect((await chat(gw.url, { model: 'checkpoint-200' })).model).toBe('previous');
      expect((await chat(gw.url, { model: 'previous' })).model).toBe('previous');
      // A configured alias (gateway.aliases) is one more name for its upstream.
      expect((await chat(gw.url, { model: 'gpt-4o' })).model).toBe('previous');
      expect(second.requests.map((q) => q.body['model'])).toEqual(['checkpoint-200', 'checkpoint-200', 'checkpoint-200']);
    });

    it('gives every error of its own a message, a type and a code', async () => {
      const gw = await gateway([{ name: 'sim', baseUrl: sim.url }]);
      const post = async (body: string) => {
        const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        return [res.status, ((await res.json()) as { error: { code: string; type: string; message: string } }).error] as const;
      };
      expect(await post('[1]')).toEqual([400, { message: 'the request body must be a JSON object', type: 'invalid_request_error', code: 'invalid_body', param: null }]);
      const [status, error] = await post('{"a":');
      expect([status, error.type, error.code, typeof error.message]).toEqual([400, 'invalid_request_error', 'invalid_json', 'string']);
      const route = await fetch(`${gw.url}/v1/nothing`);
      expect([route.status, ((await route.json()) as { error: unknown }).error]).toEqual([404, { message: 'no route GET /v1/nothing', type: 'not_found', code: 'not_found', param: null }]);
    });
  });

  describe('hostile input: repeated x-request-id', () => {
    it("keeps each request's prompt and answer apart when callers repeat an x-request-id", async () => {
      const gw = await gateway([{ name: 'sim', baseUrl: sim.url }]);
      const first = await chat(gw.url, { messages: [{ role: 'user', content: 'first question' }] }, { 'x-request-id': 'same-id' });
      const second = await chat(gw.url, { messages: [{ role: 'user', content: 'second question' }] }, { 'x-request-id': 'same-id' });
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(first.id).not.toBe(second.id);
      const stored = async (id: string) => GatewayEvent.parse(JSON.parse((await redis.client.get(gw.keys.gatewayRequest(id)))!));
      const [a, b] = [await stored(first.id!), await stored(second.id!)];
      expect([a.prompt, a.caller_request_id, a.output]).toEqual(['first question', 'same-id', first.body.choices[0].message.content]);
      expect([b.prompt, b.caller_request_id, b.output]).toEqual(['second question', 'same-id', second.body.choices[0].message.content]);
      expect(await redis.client.exists(gw.keys.gatewayRequest('same-id'))).toBe(0);
    });
  });

  describe('hostile input: error bodies without upstream URLs', () => {
    it('says which model failed and how, without its URL or address; the full error stays in the event', async () => {
      const port = await freePort();
      const gw = await gateway([{ name: 'nobody', baseUrl: `http://127.0.0.1:${port}` }]);
      const res = await fetch(`${gw.url}/v1/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
      });
      const text = await res.text();
      expect(res.status).toBe(502);
      expect(JSON.parse(text)).toEqual({ error: { message: 'no upstream answered (nobody: [url]: ECONNREFUSED)', type: 'upstream_error', code: 'upstream_unavailable', param: null } });
      expect(text).not.toContain(String(port));
      const [event] = await gw.events(1);
      expect(event!.attempts[0]!.error).toBe(`http://127.0.0.1:${port}: ECONNREFUSED`);
    });
  });
});
