import { GatewayEvent, redisNamespace } from '@flywheel/contracts';
import { freePort, redisPerFile, waitFor } from '@flywheel/testing';
import { Redis } from 'ioredis';
import { describe, expect, it } from '@jest/globals';
import { createRedisConversationStore } from './conversation-store.js';
import { createGatewayApp, startGatewayServer } from './gateway-app.js';
import { createRedisEventSink } from './gateway-events.js';
import type { RequestCriterion } from './model-ranking.js';
import { createPerformanceTracker } from './performance-tracker.js';
import { startTestUpstream, type TestUpstream } from './test-upstream.fixture.js';
import { cleanupsAfterEach } from './cleanups.fixture.js';

const redis = redisPerFile();
const cleanup = cleanupsAfterEach();

let runs = 0;
/**
 * A gateway in front of two real upstreams: "dear" first in the configured order at 5 per
 * million tokens, "cheap" at 0.1. While both answer and nobody rates, accuracy keeps dear first
 * (a model with data before one without, ties in configured order) and cost puts cheap first,
 * so which one answered shows which criterion chose. (Speed would depend on measured latency.)
 */
async function setUp(criterion: RequestCriterion = 'accuracy') {
  const dear = await startTestUpstream({ model: 'dear-model', pieces: ['dear'] });
  const cheap = await startTestUpstream({ model: 'cheap-model', pieces: ['cheap'] });
  cleanup(() => dear.close(), () => cheap.close());
  const run = `crit${++runs}`;
  const tracker = createPerformanceTracker({ policy: { failures: 3, baseMs: 3_600_000 }, now: () => Date.parse('2026-11-25T12:00:00Z') });
  const app = createGatewayApp({
    upstreams: [{ name: 'dear', baseUrl: dear.url, costPerMillionTokens: 5 }, { name: 'cheap', baseUrl: cheap.url, costPerMillionTokens: 0.1 }],
    tracker, criterion, maxAttempts: 3, timeoutMs: 10_000, recordChars: 200,
    emit: createRedisEventSink(redis.client, { run, maxLength: 1000, ttlSeconds: 600 }),
    conversations: createRedisConversationStore(redis.client, { run, ttlSeconds: 600, maxConversations: 1000 }),
  });
  const server = await startGatewayServer(app, { host: '127.0.0.1', port: 0 });
  cleanup(() => server.close());
  const keys = redisNamespace(run);
  return {
    dear, cheap, keys,
    async chat(body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
      const res = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'Tell me a story.' }], ...body }),
      });
      return { status: res.status, model: res.headers.get('x-flywheel-model'), body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
    },
    async events(count: number): Promise<GatewayEvent[]> {
      await waitFor(async () => (await redis.client.xlen(keys.gatewayEvents)) >= count, { what: `${count} gateway events` });
      return (await redis.client.xrange(keys.gatewayEvents, '-', '+')).map(([, fields]) => GatewayEvent.parse(JSON.parse(fields[1]!)));
    },
  };
}

const answered = (upstream: TestUpstream) => upstream.requests.length;

describe('per-request criterion and continuity through a real gateway', () => {
  it('takes the criterion from the header, else metadata.criterion, else the configured one, and records it', async () => {
    const gw = await setUp('accuracy');
    expect((await gw.chat()).model).toBe('dear');
    expect((await gw.chat({}, { 'x-flywheel-criterion': 'cost' })).model).toBe('cheap');
    expect((await gw.chat({ metadata: { criterion: 'cost' } })).model).toBe('cheap');
    // The header wins over the body.
    expect((await gw.chat({ metadata: { criterion: 'cost' } }, { 'x-flywheel-criterion': 'accuracy' })).model).toBe('dear');
    expect([answered(gw.dear), answered(gw.cheap)]).toEqual([2, 2]);
    const events = await gw.events(4);
    expect(events.map((e) => [e.model, e.criterion, e.conversation_id, e.continuity])).toEqual([
      ['dear', 'accuracy', null, null], ['cheap', 'cost', null, null], ['cheap', 'cost', null, null], ['dear', 'accuracy', null, null],
    ]);
  });

  it('refuses an unknown criterion or conversation id with a 400 in the OpenAI shape, asking no upstream', async () => {
    const gw = await setUp();
    const accepted = 'cost, accuracy, creativity, speed, continuity';
    expect(await gw.chat({}, { 'x-flywheel-criterion': 'fastest' })).toEqual({
      status: 400, model: null,
      body: { error: { message: `x-flywheel-criterion must be one of ${accepted}; got "fastest"`, type: 'invalid_request_error', code: 'invalid_criterion', param: 'x-flywheel-criterion' } },
    });
    expect((await gw.chat({ metadata: { criterion: 'Cost' } })).body.error).toEqual({
      message: `metadata.criterion must be one of ${accepted}; got "Cost"`, type: 'invalid_request_error', code: 'invalid_criterion', param: 'metadata.criterion',
    });
    expect((await gw.chat({ metadata: { criterion: 3 } })).body.error.message).toBe(`metadata.criterion must be one of ${accepted}; got number`);
    const badId = await gw.chat({ metadata: { criterion: 'continuity', conversation_id: 'a b' } });
    expect([badId.status, badId.body.error.code, badId.body.error.param]).toEqual([400, 'invalid_conversation_id', 'metadata.conversation_id']);
    expect([answered(gw.dear), answered(gw.cheap)]).toEqual([0, 0]);
  });

  it('keeps a conversation on its model over 3 turns, moves it when that model fails, and it stays where it moved', async () => {
    // Cost ranks cheap first: only continuity keeps the conversation on dear.
    const gw = await setUp('cost');
    const turn = (body: Record<string, unknown> = {}, headers: Record<string, string> = {}) => gw.chat(body, { 'x-flywheel-criterion': 'continuity', ...headers });
    // Turn 1 names dear; turns 2 and 3 leave the choice to the gateway (id by header, then by metadata).
    expect((await turn({ model: 'dear' }, { 'x-flywheel-conversation-id': 'conv-1' })).model).toBe('dear');
    expect((await turn({}, { 'x-flywheel-conversation-id': 'conv-1' })).model).toBe('dear');
    expect((await turn({ metadata: { conversation_id: 'conv-1' } })).model).toBe('dear');
    // Another conversation, and a request without an id, start by the ranking (cost: cheap).
    expect((await turn({ metadata: { conversation_id: 'conv-2' } })).model).toBe('cheap');
    expect((await turn()).model).toBe('cheap');
    expect(await redis.client.get(gw.keys.gatewayConversation('conv-1'))).toBe('dear');

    gw.dear.mode = 'fail';
    const moved = await turn({}, { 'x-flywheel-conversation-id': 'conv-1' });
    expect([moved.status, moved.model]).toEqual([200, 'cheap']);
    expect(await redis.client.get(gw.keys.gatewayConversation('conv-1'))).toBe('cheap');
    gw.dear.mode = 'ok';
    expect((await turn({}, { 'x-flywheel-conversation-id': 'conv-1' })).model).toBe('cheap');
    // dear saw turns 1–3 and the failed try of turn 6, nothing after.
    expect(answered(gw.dear)).toBe(4);

    const events = await gw.events(7);
    expect(events.map((e) => [e.model, e.criterion, e.conversation_id, e.continuity, e.attempts.map((a) => `${a.model}:${a.outcome}`).join(',')])).toEqual([
      ['dear', 'continuity', 'conv-1', 'new', 'dear:success'],
      ['dear', 'continuity', 'conv-1', 'held', 'dear:success'],
      ['dear', 'continuity', 'conv-1', 'held', 'dear:success'],
      ['cheap', 'continuity', 'conv-2', 'new', 'cheap:success'],
      ['cheap', 'continuity', null, null, 'cheap:success'],
      ['cheap', 'continuity', 'conv-1', 'moved', 'dear:error,cheap:success'],
      ['cheap', 'continuity', 'conv-1', 'held', 'cheap:success'],
    ]);
    const ttl = await redis.client.ttl(gw.keys.gatewayConversation('conv-1'));
    expect(ttl > 0 && ttl <= 600).toBe(true);
  });

  it('is the configured default too: continuity without a header', async () => {
    const gw = await setUp('continuity');
    // The default is continuity itself, so a new conversation goes by speed: with no latency known yet, the configured order (dear).
    expect((await gw.chat({ metadata: { conversation_id: 'other' } })).model).toBe('dear');
    expect((await gw.chat({ model: 'cheap', metadata: { conversation_id: 'c' } })).model).toBe('cheap');
    // Both have latencies now, whichever is faster: the conversation stays on cheap.
    expect((await gw.chat({ metadata: { conversation_id: 'c' } })).model).toBe('cheap');
    expect((await gw.events(3)).map((e) => [e.criterion, e.continuity])).toEqual([['continuity', 'new'], ['continuity', 'new'], ['continuity', 'held']]);
  });
});

describe('continuity without its memory', () => {
  it('serves a turn as a new conversation when Redis cannot be reached, and says so to the error hook', async () => {
    const dear = await startTestUpstream({ model: 'dear-model' });
    cleanup(() => dear.close());
    // Nothing listens there: every command fails at once, as the gateway's own client's do with Redis down (no offline queue).
    const down = new Redis(`redis://127.0.0.1:${await freePort()}`, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    down.on('error', () => undefined);
    // Refused, and no retry: the client has given up before the first request.
    await new Promise((resolve) => down.once('end', resolve));
    const events: GatewayEvent[] = [];
    const problems: string[] = [];
    const app = createGatewayApp({
      upstreams: [{ name: 'dear', baseUrl: dear.url }], tracker: createPerformanceTracker({ policy: { failures: 3, baseMs: 1000 } }),
      criterion: 'continuity', maxAttempts: 3, timeoutMs: 10_000, recordChars: 200, emit: async (e) => void events.push(e),
      conversations: createRedisConversationStore(down, { run: 'down', ttlSeconds: 60, maxConversations: 10 }),
      onConversationError: (_error, id) => problems.push(id),
    });
    const server = await startGatewayServer(app, { host: '127.0.0.1', port: 0 });
    cleanup(() => server.close());
    const res = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-flywheel-conversation-id': 'c-9' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect([res.status, res.headers.get('x-flywheel-model')]).toEqual([200, 'dear']);
    await waitFor(() => events.length === 1 && problems.length === 2, { what: 'the event and both memory errors (read, then write)' });
    expect([events[0]!.criterion, events[0]!.conversation_id, events[0]!.continuity]).toEqual(['continuity', 'c-9', 'new']);
    expect(problems).toEqual(['c-9', 'c-9']);
  });
});

describe('conversation memory in Redis', () => {
  it('forgets the least recently served conversations past its cap', async () => {
    const clock = { now: 1_000_000 };
    const store = createRedisConversationStore(redis.client, { run: 'cap', ttlSeconds: 600, maxConversations: 2, now: () => clock.now });
    const keys = redisNamespace('cap');
    await store.remember('a', 'm1');
    clock.now += 1000;
    await store.remember('b', 'm2');
    clock.now += 1000;
    await store.remember('a', 'm3'); // a served again: b is now the least recent
    clock.now += 1000;
    await store.remember('c', 'm1');
    expect([await store.modelOf('a'), await store.modelOf('b'), await store.modelOf('c')]).toEqual(['m3', null, 'm1']);
    expect(await redis.client.zrange(keys.gatewayConversations, 0, -1)).toEqual(['a', 'c']);
  });

  it('drops ids older than the TTL from the index as it writes', async () => {
    const clock = { now: 1_000_000 };
    const store = createRedisConversationStore(redis.client, { run: 'ttl', ttlSeconds: 60, maxConversations: 10, now: () => clock.now });
    await store.remember('old', 'm');
    clock.now += 61_000;
    await store.remember('new', 'm');
    expect(await redis.client.zrange(redisNamespace('ttl').gatewayConversations, 0, -1)).toEqual(['new']);
  });
});
