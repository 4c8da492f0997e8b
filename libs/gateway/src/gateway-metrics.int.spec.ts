// Issue 19: the gateway's own /metrics — counts worked out from the requests the test sends
// to real HTTP upstreams, the served checkpoint as gen_ai_request_model, and `promtool check
// metrics` (Debian's prometheus package) finding no problem.
import { promtool } from '@flywheel/testing';
import { describe, expect, it } from '@jest/globals';
import { createGatewayApp, startGatewayServer } from './gateway-app.js';
import { SERVED_NAMES_PER_UPSTREAM } from './gateway-metrics.js';
import { createPerformanceTracker } from './performance-tracker.js';
import type { Upstream } from './upstreams.js';
import { cleanupsAfterEach, upstreamStarter } from './cleanups.fixture.js';

const cleanup = cleanupsAfterEach();

const upstream = upstreamStarter(cleanup);

async function gateway(upstreams: Upstream[]) {
  const tracker = createPerformanceTracker({ policy: { failures: 3, baseMs: 3_600_000 } });
  // Events are not what this file tests: they go nowhere.
  const app = createGatewayApp({ upstreams, tracker, criterion: 'speed', maxAttempts: 2, timeoutMs: 10_000, recordChars: 200, emit: async () => undefined });
  const server = await startGatewayServer(app, { host: '127.0.0.1', port: 0 });
  cleanup(() => server.close());
  return server.url;
}

async function post(url: string, path: string, body: Record<string, unknown>): Promise<number> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}
const chat = (url: string, model: string) => post(url, '/v1/chat/completions', { model, messages: [{ role: 'user', content: 'hi' }] });

/** Every sample of the exposition: `name{a="x",…}` with labels sorted → value. */
function samples(text: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels = [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => `${k}="${v}"`).sort();
    map.set(`${m[1]}{${labels.join(',')}}`, Number(m[3]));
  }
  return map;
}
/** The key `samples` gives a series. */
function series(name: string, labels: Record<string, string>): string {
  return `${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).sort().join(',')}}`;
}

describe('the gateway /metrics', () => {
  it('counts requests, attempts, durations, first tokens and tokens by operation, served checkpoint, upstream and outcome; promtool finds nothing', async () => {
    const HOLD_MS = 200;
    let hold = false;
    const deployed = await upstream({ model: 'checkpoint-100', afterFirstChunk: () => (hold ? new Promise((r) => setTimeout(r, HOLD_MS)) : Promise.resolve()) });
    const previous = await upstream({ model: 'checkpoint-90' });
    const url = await gateway([{ name: 'deployed', baseUrl: deployed.url }, { name: 'previous', baseUrl: previous.url, model: 'checkpoint-90' }]);

    for (let i = 0; i < 3; i++) expect(await chat(url, 'auto')).toBe(200);
    hold = true;
    for (let i = 0; i < 2; i++) expect(await post(url, '/v1/completions', { model: 'deployed', prompt: 'hi', stream: true })).toBe(200);
    hold = false;
    expect(await chat(url, 'no-such-model-xyz')).toBe(404);
    deployed.mode = 'fail';
    expect(await chat(url, 'checkpoint-100')).toBe(200); // deployed fails, previous answers
    previous.mode = 'fail';
    expect(await chat(url, 'checkpoint-100')).toBe(500); // both fail: the last one's answer
    deployed.mode = 'bad-request';
    previous.mode = 'ok';
    expect(await chat(url, 'checkpoint-100')).toBe(400); // the caller's mistake, passed on
    deployed.mode = 'fail';
    expect(await chat(url, 'checkpoint-100')).toBe(200); // deployed's third failure in a row: blacklisted

    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const got = samples(text);
    const chat100 = { gen_ai_operation_name: 'chat', gen_ai_request_model: 'checkpoint-100', flywheel_upstream: 'deployed' };
    const chat90 = { gen_ai_operation_name: 'chat', gen_ai_request_model: 'checkpoint-90', flywheel_upstream: 'previous' };
    const text100 = { gen_ai_operation_name: 'text_completion', gen_ai_request_model: 'checkpoint-100', flywheel_upstream: 'deployed' };
    const refused = { gen_ai_operation_name: 'chat', gen_ai_request_model: '', flywheel_upstream: '' };
    const expected: [string, Record<string, string>, number][] = [
      ['gen_ai_server_requests_total', { ...chat100, outcome: 'success' }, 3],
      ['gen_ai_server_requests_total', { ...chat100, outcome: 'caller_error' }, 1],
      ['gen_ai_server_requests_total', { ...text100, outcome: 'success' }, 2],
      ['gen_ai_server_requests_total', { ...chat90, outcome: 'success' }, 2],
      ['gen_ai_server_requests_total', { ...chat90, outcome: 'model_error' }, 1],
      ['gen_ai_server_requests_total', { ...refused, outcome: 'caller_error' }, 1],
      ['gen_ai_server_request_duration_seconds_count', { ...text100, outcome: 'success' }, 2],
      ['gen_ai_server_request_duration_seconds_count', { ...chat90, outcome: 'model_error' }, 1],
      // Each streamed answer was held HOLD_MS after its first chunk: none is in the 0.16 s bucket.
      ['gen_ai_server_request_duration_seconds_bucket', { ...text100, outcome: 'success', le: '0.16' }, 0],
      ['gen_ai_server_request_duration_seconds_bucket', { ...text100, outcome: 'success', le: '+Inf' }, 2],
      // Time to first token: streamed answers only.
      ['gen_ai_server_time_to_first_token_seconds_count', text100, 2],
      // The test upstream's usage: 5 prompt tokens, 3 completion tokens (one per piece); a stream without usage counts its 3 text chunks.
      ['gen_ai_client_token_usage_count', { ...chat100, gen_ai_token_type: 'input' }, 3],
      ['gen_ai_client_token_usage_sum', { ...chat100, gen_ai_token_type: 'input' }, 15],
      ['gen_ai_client_token_usage_sum', { ...chat100, gen_ai_token_type: 'output' }, 9],
      ['gen_ai_client_token_usage_bucket', { ...chat100, gen_ai_token_type: 'output', le: '1' }, 0],
      ['gen_ai_client_token_usage_bucket', { ...chat100, gen_ai_token_type: 'output', le: '4' }, 3],
      ['gen_ai_client_token_usage_sum', { ...chat90, gen_ai_token_type: 'input' }, 10],
      ['gen_ai_client_token_usage_sum', { ...text100, gen_ai_token_type: 'output' }, 6],
      ['flywheel_gateway_upstream_attempts_total', { flywheel_upstream: 'deployed', outcome: 'success' }, 5],
      ['flywheel_gateway_upstream_attempts_total', { flywheel_upstream: 'deployed', outcome: 'failure' }, 3],
      ['flywheel_gateway_upstream_attempts_total', { flywheel_upstream: 'deployed', outcome: 'client_error' }, 1],
      ['flywheel_gateway_upstream_attempts_total', { flywheel_upstream: 'previous', outcome: 'success' }, 2],
      ['flywheel_gateway_upstream_attempts_total', { flywheel_upstream: 'previous', outcome: 'failure' }, 1],
      ['flywheel_gateway_upstream_blacklisted', { flywheel_upstream: 'deployed' }, 1],
      ['flywheel_gateway_upstream_blacklisted', { flywheel_upstream: 'previous' }, 0],
    ];
    expect(expected.map(([name, labels]) => [name, labels, got.get(series(name, labels))])).toEqual(expected);
    // No series the test did not cause: 6 request series in all, no input tokens from streams without usage.
    expect([...got.keys()].filter((k) => k.startsWith('gen_ai_server_requests_total{'))).toHaveLength(6);
    expect(got.has(series('gen_ai_client_token_usage_count', { ...text100, gen_ai_token_type: 'input' }))).toBe(false);
    // The first chunk came before each hold, so first tokens came at least HOLD_MS before the ends.
    const ttft = got.get(series('gen_ai_server_time_to_first_token_seconds_sum', text100))!;
    const duration = got.get(series('gen_ai_server_request_duration_seconds_sum', { ...text100, outcome: 'success' }))!;
    expect(duration - ttft).toBeGreaterThanOrEqual((2 * HOLD_MS) / 1000 - 0.01);
    // The raw request value never becomes a label.
    expect(text).not.toContain('no-such-model-xyz');
    expect(await promtool(['check', 'metrics'], text)).toEqual({ code: 0, output: '' });
  });

  it(`keeps the series of the last ${SERVED_NAMES_PER_UPSTREAM} checkpoints an upstream served, dropping older ones`, async () => {
    const served = await upstream({ model: 'checkpoint-1' });
    const url = await gateway([{ name: 'deployed', baseUrl: served.url }]);
    const names = Array.from({ length: SERVED_NAMES_PER_UPSTREAM + 1 }, (_, i) => `checkpoint-${i + 1}`);
    for (const name of names) {
      served.model = name; // a redeploy: the gateway's next request is a 404, it looks the name up again
      expect(await chat(url, 'auto')).toBe(200);
    }
    const got = samples(await (await fetch(`${url}/metrics`)).text());
    const models = [...got.keys()].filter((k) => k.startsWith('gen_ai_server_requests_total{')).map((k) => /gen_ai_request_model="([^"]*)"/.exec(k)![1]);
    expect(models.sort()).toEqual(names.slice(1).sort());
  });

  it('counts text-to-image, -audio and -video under gen_ai_operation_name generate_content, one series per upstream for all three; promtool finds nothing', async () => {
    const text = await upstream({ model: 'checkpoint-100' });
    const studio = await upstream({ model: 'studio-1' });
    const url = await gateway([{ name: 'deployed', baseUrl: text.url }, { name: 'studio', baseUrl: studio.url, types: ['image', 'audio', 'video'] }]);
    expect(await chat(url, 'auto')).toBe(200);
    expect(await post(url, '/v1/images/generations', { prompt: 'a fox' })).toBe(200);
    expect(await post(url, '/v1/images/generations', { prompt: 'a cat' })).toBe(200);
    expect(await post(url, '/v1/audio/speech', { input: 'hi', voice: 'alloy' })).toBe(200);
    expect(await post(url, '/v1/videos', { prompt: 'waves' })).toBe(200);
    studio.mode = 'fail';
    expect(await post(url, '/v1/audio/speech', { input: 'hi', voice: 'alloy' })).toBe(500);
    const body = await (await fetch(`${url}/metrics`)).text();
    const got = samples(body);
    const generate = { gen_ai_operation_name: 'generate_content', gen_ai_request_model: 'studio-1', flywheel_upstream: 'studio' };
    const chat100 = { gen_ai_operation_name: 'chat', gen_ai_request_model: 'checkpoint-100', flywheel_upstream: 'deployed' };
    const expected: [string, Record<string, string>, number][] = [
      // 2 images + 1 speech + 1 video answered; the second speech failed on the model's side.
      ['gen_ai_server_requests_total', { ...generate, outcome: 'success' }, 4],
      ['gen_ai_server_requests_total', { ...generate, outcome: 'model_error' }, 1],
      ['gen_ai_server_requests_total', { ...chat100, outcome: 'success' }, 1],
      // Usage only in the image answers: input 9 each, output 272 each.
      ['gen_ai_client_token_usage_sum', { ...generate, gen_ai_token_type: 'input' }, 18],
      ['gen_ai_client_token_usage_sum', { ...generate, gen_ai_token_type: 'output' }, 544],
    ];
    expect(expected.map(([name, labels]) => [name, labels, got.get(series(name, labels))])).toEqual(expected);
    expect([...got.keys()].filter((k) => k.startsWith('gen_ai_server_requests_total{'))).toHaveLength(3);
    expect(await promtool(['check', 'metrics'], body)).toEqual({ code: 0, output: '' });
  });
});
