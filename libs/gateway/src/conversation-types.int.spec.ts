import { GatewayEvent, redisNamespace } from '@flywheel/contracts';
import { freePort, redisPerFile, waitFor } from '@flywheel/testing';
import { describe, expect, it } from '@jest/globals';
import { createGatewayApp, startGatewayServer } from './gateway-app.js';
import { createRedisEventSink } from './gateway-events.js';
import { createPerformanceTracker } from './performance-tracker.js';
import type { Upstream } from './upstreams.js';
import { cleanupsAfterEach, upstreamStarter } from './cleanups.fixture.js';

// Seed 003's conversation types through a real gateway to real HTTP upstreams: each request
// goes only to the upstreams that declare its type.
const redis = redisPerFile();
const cleanup = cleanupsAfterEach();

const upstream = upstreamStarter(cleanup);

let runs = 0;
async function gateway(upstreams: Upstream[], { bodyLimitBytes }: { bodyLimitBytes?: number } = {}) {
  const tracker = createPerformanceTracker({ policy: { failures: 3, baseMs: 3_600_000 }, now: () => Date.parse('2026-12-04T12:00:00Z') });
  const run = `types${++runs}`;
  const app = createGatewayApp({
    upstreams, tracker, criterion: 'speed', maxAttempts: 3, timeoutMs: 10_000, recordChars: 200, bodyLimitBytes,
    emit: createRedisEventSink(redis.client, { run, maxLength: 1000, ttlSeconds: 600 }),
  });
  const server = await startGatewayServer(app, { host: '127.0.0.1', port: 0 });
  cleanup(() => server.close());
  const key = redisNamespace(run).gatewayEvents;
  return {
    url: server.url,
    tracker,
    async events(count: number): Promise<GatewayEvent[]> {
      await waitFor(async () => (await redis.client.xlen(key)) >= count, { what: `${count} gateway events` });
      return (await redis.client.xrange(key, '-', '+')).map(([, fields]) => GatewayEvent.parse(JSON.parse(fields[1]!)));
    },
  };
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('conversation types', () => {
  it('sends an image request only to the image upstream, and passes its answer through', async () => {
    const text = await upstream({ model: 'qwen' });
    const image = await upstream({ model: 'painter-1' });
    const audio = await upstream({ model: 'voice-1' });
    const gw = await gateway([
      { name: 'chat', baseUrl: text.url },
      { name: 'img', baseUrl: image.url, types: ['image'] },
      { name: 'tts', baseUrl: audio.url, types: ['audio'] },
    ]);
    const res = await post(`${gw.url}/v1/images/generations`, { model: 'auto', prompt: 'a red fox', size: '1024x1024' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-flywheel-model')).toBe('img');
    // The fixture's image answer for painter-1: "image by painter-1" in base64.
    const answer = (await res.json()) as { data: { b64_json: string }[] };
    expect(Buffer.from(answer.data[0]!.b64_json, 'base64').toString()).toBe('image by painter-1');
    expect(image.requests).toEqual([{ path: '/v1/images/generations', body: { model: 'painter-1', prompt: 'a red fox', size: '1024x1024' } }]);
    expect(text.requests).toEqual([]);
    expect(audio.requests).toEqual([]);
    const [event] = await gw.events(1);
    expect(event).toMatchObject({ kind: 'image', model: 'img', outcome: 'success', prompt: 'a red fox', output: '', prompt_tokens: 9, completion_tokens: 272 });
    expect(gw.tracker.stats('img', 'image')).toMatchObject({ requests: 1, successes: 1 });
    expect(gw.tracker.stats('img', 'chat')).toMatchObject({ requests: 0 });
  });

  it('streams audio through byte for byte, the first chunk before the upstream has sent the rest', async () => {
    // 200 kB of known bytes in three chunks: byte i is i mod 251.
    const bytes = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 251));
    const chunks = [bytes.subarray(0, 1_000), bytes.subarray(1_000, 120_000), bytes.subarray(120_000)];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const audio = await upstream({ model: 'voice-1', audio: chunks, afterFirstChunk: () => released });
    const text = await upstream({ model: 'qwen' });
    const gw = await gateway([{ name: 'chat', baseUrl: text.url }, { name: 'tts', baseUrl: audio.url, types: ['audio'] }]);
    const res = await post(`${gw.url}/v1/audio/speech`, { model: 'tts', input: 'Hello there', voice: 'alloy' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    expect(res.headers.get('x-flywheel-model')).toBe('tts');
    const reader = res.body!.getReader();
    const received: Buffer[] = [];
    const length = () => received.reduce((n, b) => n + b.length, 0);
    // The upstream holds the rest until released: a gateway that buffered would never get here.
    while (length() < 1_000) received.push(Buffer.from((await reader.read()).value!));
    expect(Buffer.concat(received)).toEqual(bytes.subarray(0, 1_000));
    release();
    for (let read = await reader.read(); !read.done; read = await reader.read()) received.push(Buffer.from(read.value));
    expect(Buffer.concat(received).equals(bytes)).toBe(true);
    expect(audio.requests[0]).toEqual({ path: '/v1/audio/speech', body: { model: 'voice-1', input: 'Hello there', voice: 'alloy' } });
    const [event] = await gw.events(1);
    expect(event).toMatchObject({ kind: 'audio', model: 'tts', outcome: 'success', prompt: 'Hello there', output: '' });
  });

  it('never sends a chat request to an image-only upstream, not even as a fallback; naming one is refused', async () => {
    const image = await upstream({ model: 'painter-1' });
    const text = await upstream({ model: 'qwen' });
    // The image upstream is first in the list: order alone would pick it.
    const gw = await gateway([{ name: 'img', baseUrl: image.url, types: ['image'] }, { name: 'chat', baseUrl: text.url }]);
    const messages = [{ role: 'user', content: 'hi' }];
    const ok = await post(`${gw.url}/v1/chat/completions`, { messages });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-flywheel-model')).toBe('chat');
    text.mode = 'fail';
    const failed = await post(`${gw.url}/v1/chat/completions`, { messages });
    // The one text upstream's own 500, passed on: there is no other text upstream to fall back to.
    expect(failed.status).toBe(500);
    expect(failed.headers.get('x-flywheel-model')).toBe('chat');
    const named = await post(`${gw.url}/v1/chat/completions`, { model: 'img', messages });
    expect(named.status).toBe(400);
    expect(await named.json()).toEqual({
      error: { message: 'the model "img" (upstream img) does not serve text-to-text requests: use auto or one of chat', type: 'invalid_request_error', code: 'model_not_for_type', param: 'model' },
    });
    expect(image.requests).toEqual([]);
    expect(text.requests).toHaveLength(2);
  });

  it('answers a type no upstream serves with an OpenAI error naming the type and what the upstreams serve', async () => {
    const text = await upstream({ model: 'qwen' });
    const image = await upstream({ model: 'painter-1' });
    const gw = await gateway([{ name: 'chat', baseUrl: text.url }, { name: 'art', baseUrl: image.url, types: ['image', 'video'] }]);
    const res = await post(`${gw.url}/v1/audio/speech`, { input: 'Hello', voice: 'alloy' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        message: 'no upstream serves text-to-audio requests (POST /v1/audio/speech): none lists "audio" in gateway.upstreams[].types; the upstreams serve: chat (text), art (image, video)',
        type: 'invalid_request_error', code: 'type_not_served', param: null,
      },
    });
    expect(text.requests).toEqual([]);
    expect(image.requests).toEqual([]);
    // The same upstream serves video: OpenAI's POST /v1/videos, its job object passed through.
    const video = await post(`${gw.url}/v1/videos`, { model: 'art', prompt: 'waves at dusk', seconds: '4' });
    expect(video.status).toBe(200);
    expect(await video.json()).toMatchObject({ id: 'video_painter-1', object: 'video', status: 'queued' });
    expect(image.requests).toEqual([{ path: '/v1/videos', body: { model: 'painter-1', prompt: 'waves at dusk', seconds: '4' } }]);
  });

  it('falls back within the type: a failing image upstream is replaced by the next image upstream, not by the text one', async () => {
    const text = await upstream({ model: 'qwen' });
    const first = await upstream({ model: 'painter-1' });
    const second = await upstream({ model: 'painter-2' });
    first.mode = 'fail';
    const gw = await gateway([
      { name: 'chat', baseUrl: text.url },
      { name: 'img1', baseUrl: first.url, types: ['image'] },
      { name: 'img2', baseUrl: second.url, types: ['text', 'image'] },
    ]);
    const res = await post(`${gw.url}/v1/images/generations`, { prompt: 'a red fox' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-flywheel-model')).toBe('img2');
    expect(first.requests.map((r) => r.path)).toEqual(['/v1/images/generations']);
    expect(second.requests.map((r) => r.path)).toEqual(['/v1/images/generations']);
    expect(text.requests).toEqual([]);
    const [event] = await gw.events(1);
    expect(event!.attempts.map((a) => [a.model, a.outcome, a.status])).toEqual([['img1', 'error', 500], ['img2', 'success', 200]]);
    const performance = (await (await fetch(`${gw.url}/performance`)).json()) as { models: { model: string; by_kind: Record<string, { requests: number; success_rate: number | null }> }[] };
    const byKind = Object.fromEntries(performance.models.map((m) => [m.model, m.by_kind]));
    expect(byKind['img1']!['image']).toMatchObject({ requests: 1, success_rate: 0 });
    expect(byKind['img2']!['image']).toMatchObject({ requests: 1, success_rate: 1 });
    expect(byKind['chat']!['image']).toMatchObject({ requests: 0 });
    // Rankings of the image kind list the image upstreams only, by speed: img2 answered, img1 has no successful latency.
    const rankings = (await (await fetch(`${gw.url}/performance/rankings?criterion=speed&kind=image`)).json()) as { rankings: { model: string }[] };
    expect(rankings.rankings.map((r) => r.model)).toEqual(['img2', 'img1']);
  });

  it('ranks by the request\'s criterion within the type: x-flywheel-criterion cost picks the cheaper audio upstream', async () => {
    const text = await upstream({ model: 'qwen' });
    const dear = await upstream({ model: 'voice-hd' });
    const cheap = await upstream({ model: 'voice-lite' });
    // The text upstream is the cheapest of all (unset: 0) but serves no audio.
    const gw = await gateway([
      { name: 'chat', baseUrl: text.url },
      { name: 'hd', baseUrl: dear.url, types: ['audio'], costPerMillionTokens: 15 },
      { name: 'lite', baseUrl: cheap.url, types: ['audio'], costPerMillionTokens: 1 },
    ]);
    const speak = (headers: Record<string, string> = {}) => post(`${gw.url}/v1/audio/speech`, { input: 'hi', voice: 'alloy' }, headers);
    // speed with no history: the configured order among the audio upstreams, hd first.
    expect((await speak()).headers.get('x-flywheel-model')).toBe('hd');
    expect((await speak({ 'x-flywheel-criterion': 'cost' })).headers.get('x-flywheel-model')).toBe('lite');
    const [, costly] = await gw.events(2);
    expect(costly).toMatchObject({ kind: 'audio', criterion: 'cost', model: 'lite' });
    expect(text.requests).toEqual([]);
  });

  it("fetches a video job and its content from the video upstream that knows its id, the bytes streamed through", async () => {
    const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256));
    const text = await upstream({ model: 'qwen' });
    const first = await upstream({ model: 'sora-a' });
    const second = await upstream({ model: 'sora-b', video: [bytes.subarray(0, 100_000), bytes.subarray(100_000)] });
    const gw = await gateway([{ name: 'chat', baseUrl: text.url }, { name: 'va', baseUrl: first.url, types: ['video'] }, { name: 'vb', baseUrl: second.url, types: ['video'] }]);
    // video_sora-b is the second upstream's: the first answers 404 and is passed over.
    const job = await fetch(`${gw.url}/v1/videos/video_sora-b`);
    expect(job.status).toBe(200);
    expect(job.headers.get('x-flywheel-model')).toBe('vb');
    expect(await job.json()).toMatchObject({ id: 'video_sora-b', status: 'completed' });
    const content = await fetch(`${gw.url}/v1/videos/video_sora-b/content?variant=video&other=dropped`);
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await content.arrayBuffer()).equals(bytes)).toBe(true);
    expect(second.requests.map((r) => r.path)).toEqual(['/v1/videos/video_sora-b', '/v1/videos/video_sora-b/content?variant=video']);
    expect(first.requests.map((r) => r.path)).toEqual(['/v1/videos/video_sora-b', '/v1/videos/video_sora-b/content?variant=video']);
    expect(text.requests).toEqual([]);

    const unknown = await fetch(`${gw.url}/v1/videos/video_nobody`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { message: 'no video upstream knows the video "video_nobody" (asked va, vb)', type: 'invalid_request_error', code: 'video_not_found', param: 'video_id' } });
  });
});

describe('hostile input: conversation-type routes', () => {
  it('reads an image request through the same bounded body reader', async () => {
    const image = await upstream({ model: 'painter-1' });
    const gw = await gateway([{ name: 'img', baseUrl: image.url, types: ['image'] }], { bodyLimitBytes: 1_000 });
    const res = await post(`${gw.url}/v1/images/generations`, { prompt: 'x'.repeat(2_000) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { message: 'request body over 1000 bytes', type: 'invalid_request_error', code: 'request_too_large', param: null } });
    const bad = await post(`${gw.url}/v1/audio/speech`, '{"input": ');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    expect(image.requests).toEqual([]);
  });

  it('lets no video id or variant from the path reach another upstream path, and refuses a multipart body unread', async () => {
    const video = await upstream({ model: 'sora-a' });
    const gw = await gateway([{ name: 'va', baseUrl: video.url, types: ['video'] }]);
    for (const id of ['..%2F..%2Fv1%2Fmodels', 'video_a%3Fx%3D1', 'a'.repeat(201)]) {
      const res = await fetch(`${gw.url}/v1/videos/${id}`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { message: 'a video id has letters, digits, "_" and "-" only', type: 'invalid_request_error', code: 'video_not_found', param: 'video_id' } });
    }
    const variant = await fetch(`${gw.url}/v1/videos/video_sora-a/content?variant=..%2Fx`);
    expect(variant.status).toBe(400);
    expect(await variant.json()).toEqual({ error: { message: 'variant must be one of video, thumbnail, spritesheet (on /content only); got "../x"', type: 'invalid_request_error', code: 'invalid_variant', param: 'variant' } });
    const form = new FormData();
    form.set('prompt', 'waves');
    form.set('input_reference', new Blob([Buffer.alloc(50_000)]), 'ref.png');
    const multipart = await fetch(`${gw.url}/v1/videos`, { method: 'POST', body: form });
    expect(multipart.status).toBe(415);
    expect(await multipart.json()).toEqual({ error: { message: 'send /v1/videos a JSON body (content-type application/json); multipart bodies are not proxied', type: 'invalid_request_error', code: 'unsupported_media_type', param: null } });
    expect(video.requests).toEqual([]);
    // A video upstream nobody listens on: a 502 naming it, not its address.
    const dead = await gateway([{ name: 'gone', baseUrl: `http://127.0.0.1:${await freePort()}`, types: ['video'] }]);
    const unreachable = await fetch(`${dead.url}/v1/videos/video_x`);
    expect(unreachable.status).toBe(502);
    const text = await unreachable.text();
    expect(JSON.parse(text).error).toMatchObject({ type: 'upstream_error', code: 'upstream_unavailable' });
    expect(text).toContain('gone');
    expect(text).not.toContain('127.0.0.1');
  });
});
