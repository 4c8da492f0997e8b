// Issue 19: Debian's real `prometheus` scrapes the gateway's /metrics and the API's /metrics
// every second; the test drives a known number of streamed requests through the gateway to
// the simulator (which holds each one a known time before its first token) and checks what
// rate(), increase() and histogram_quantile() answer against values worked out by hand. The
// shipped example configuration and alert rules (deploy/prometheus/) pass promtool, and the
// rules' own unit tests (`promtool test rules`) pass.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Example } from '@flywheel/contracts';
import { createGatewayApp, createPerformanceTracker, startGatewayServer, type RunningGateway } from '@flywheel/gateway';
import { startSimulatorServer, type SimulatorServer } from '@flywheel/simulation';
import { createStatusStore } from '@flywheel/status-store';
import { freePort, promtool, startPrometheus, tempDir, waitFor, type PrivatePrometheus, type RangeResult } from '@flywheel/testing';
import path from 'node:path';
import { pino } from 'pino';
import { createApiApp } from './create-api-app.js';
import { startApiServer, type RunningApiServer } from './start-api-server.js';

const DEPLOY_DIR = path.resolve(import.meta.dirname, '../../../deploy/prometheus');
const examples: Example[] = [{ id: 'sum', prompt: 'What is 2 + 2?\n', golden: '4', difficulty: 'easy', skill: 'math' }];
/**
 * The simulator's hold before the first token (its baseMs; no time per token). So the time to
 * first token is in (1, 2.5] and the whole request in (1.28, 2.56], the buckets just above
 * 1.3 s of the two histograms (the GenAI conventions' boundaries): never less than the hold,
 * and 1.2 s to spare for a loaded machine.
 */
const HOLD_MS = 1_300;
const WARM_UP = 2;
const BURST = 10;

const logger = pino({ level: 'silent' });
let temp: { dir: string; remove: () => Promise<void> };
let sim: SimulatorServer;
let gateway: RunningGateway;
let api: RunningApiServer;
let prometheus: PrivatePrometheus;

beforeAll(async () => {
  temp = await tempDir('prometheus-scrape');
  sim = await startSimulatorServer({ examples, baseModel: 'checkpoint-100', serviceTime: { baseMs: HOLD_MS } });
  const tracker = createPerformanceTracker({ policy: { failures: 3, baseMs: 3_600_000 } });
  // Events are not what this file tests: they go nowhere.
  const app = createGatewayApp({ upstreams: [{ name: 'deployed', baseUrl: sim.url }], tracker, criterion: 'speed', maxAttempts: 1, timeoutMs: 10_000, recordChars: 200, emit: async () => undefined });
  gateway = await startGatewayServer(app, { host: '127.0.0.1', port: 0 });
  const statusStore = createStatusStore({ statusDir: path.join(temp.dir, 'status'), run: 'prometheus-scrape', logger });
  api = await startApiServer(createApiApp({ statusStore, run: 'prometheus-scrape', staleFactor: 2, staleAfterSeconds: 1800, logger }), { port: await freePort() });
  prometheus = await startPrometheus(
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      // The shipped alert rules load into a real Prometheus too.
      `rule_files: [${JSON.stringify(path.join(DEPLOY_DIR, 'flywheel-alerts.rules.yml'))}]`,
      'scrape_configs:',
      `  - { job_name: flywheel-gateway, static_configs: [{ targets: ["${new URL(gateway.url).host}"] }] }`,
      `  - { job_name: flywheel-api, static_configs: [{ targets: ["${new URL(api.url).host}"] }] }`,
    ].join('\n'),
  );
}, 60_000);
afterAll(async () => {
  await prometheus?.stop();
  await api?.close();
  await gateway?.close();
  await sim?.close();
  await temp?.remove();
});

/** `count` streamed chat requests at once through the gateway, each read to its end. */
async function streamed(count: number): Promise<void> {
  const statuses = await Promise.all(
    Array.from({ length: count }, async () => {
      const res = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'What is 2 + 2?\n' }], max_tokens: 8, stream: true, stream_options: { include_usage: true } }),
      });
      await res.text();
      return res.status;
    }),
  );
  expect(statuses).toEqual(Array(count).fill(200));
}

const SUCCESS = 'gen_ai_server_requests_total{job="flywheel-gateway", outcome="success"}';
/** The one value of an instant query, as a number (NaN when there is no series). */
async function scalar(expr: string, time?: number): Promise<number> {
  const result = await prometheus.query(expr, time);
  expect(result.length).toBeLessThanOrEqual(1);
  return result.length ? Number(result[0]!.value[1]) : NaN;
}
/** Waits until Prometheus has scraped the success counter at `total`. */
const scraped = (total: number) => waitFor(async () => (await scalar(`sum(${SUCCESS})`)) === total, { what: `Prometheus to scrape ${total} requests`, timeoutMs: 30_000, intervalMs: 200 });

describe('Prometheus scraping the gateway and the API', () => {
  it('scrapes both targets; rate(), increase() and histogram_quantile() answer what the requests sent make them', async () => {
    await waitFor(async () => (await prometheus.query('up == 1')).length === 2, { what: 'both targets up', timeoutMs: 30_000, intervalMs: 200 });
    expect(await scalar('up{job="flywheel-api"}')).toBe(1);
    expect(await scalar('up{job="flywheel-gateway"}')).toBe(1);

    // A warm-up first, so the series exists before the burst: increase() counts only what
    // happens between two samples, never a series' first value.
    await streamed(WARM_UP);
    await scraped(WARM_UP);
    await streamed(BURST);
    await scraped(WARM_UP + BURST);

    // The raw samples: the last scrape before the burst (value WARM_UP) and the first after it.
    const [raw] = await prometheus.query<RangeResult>(`${SUCCESS}[10m]`);
    expect(raw!.metric).toMatchObject({ gen_ai_operation_name: 'chat', gen_ai_request_model: 'checkpoint-100', flywheel_upstream: 'deployed' });
    const before = raw!.values.filter(([, v]) => Number(v) === WARM_UP).at(-1)!;
    const after = raw!.values.find(([, v]) => Number(v) === WARM_UP + BURST)!;
    const windowMs = Math.round((after[0] - before[0]) * 1000);
    expect(windowMs).toBeGreaterThan(0);
    const at = after[0];
    const durationBuckets = 'gen_ai_server_request_duration_seconds_bucket{job="flywheel-gateway", outcome="success"}';
    const ttftBuckets = 'gen_ai_server_time_to_first_token_seconds_bucket{job="flywheel-gateway", gen_ai_request_model="checkpoint-100"}';
    const answers = {
      increase: await scalar(`sum(increase(${SUCCESS}[${windowMs}ms]))`, at),
      rate: await scalar(`sum(rate(${SUCCESS}[${windowMs}ms]))`, at),
      durations: await scalar('sum(gen_ai_server_request_duration_seconds_count{job="flywheel-gateway"})', at),
      durationP50: await scalar(`histogram_quantile(0.5, sum by (le) (${durationBuckets}))`, at),
      durationP90OfBurst: await scalar(`histogram_quantile(0.9, sum by (le) (rate(${durationBuckets}[${windowMs}ms])))`, at),
      firstTokenP50: await scalar(`histogram_quantile(0.5, sum by (le) (${ttftBuckets}))`, at),
      outputTokenCounts: await scalar('sum(gen_ai_client_token_usage_count{job="flywheel-gateway", gen_ai_token_type="output"})', at),
    };
    expect(answers).toEqual({
      // A window from exactly the one sample to exactly the other: nothing to extrapolate, so
      // increase() is the burst and rate() the burst over the window's length.
      increase: expect.closeTo(BURST, 9),
      rate: expect.closeTo(BURST / (windowMs / 1000), 9),
      durations: WARM_UP + BURST,
      // Every request took HOLD_MS and a little: all in the (1.28, 2.56] bucket, so the
      // quantile q is interpolated in it as 1.28 + q · 1.28 (over all requests, or the burst's rate).
      durationP50: expect.closeTo(1.28 + 0.5 * 1.28, 9),
      durationP90OfBurst: expect.closeTo(1.28 + 0.9 * 1.28, 9),
      // And the first token HOLD_MS after the request: (1, 2.5], 1 + q · 1.5.
      firstTokenP50: expect.closeTo(1 + 0.5 * 1.5, 9),
      // One output-token observation per answered request (the simulator sent its usage).
      outputTokenCounts: WARM_UP + BURST,
    });
  }, 120_000);

  it('the example scrape configuration and alert rules pass promtool, and the alerts fire on the series their tests give', async () => {
    expect(await promtool(['check', 'rules', path.join(DEPLOY_DIR, 'flywheel-alerts.rules.yml')])).toMatchObject({ code: 0 });
    // flywheel-alerts.test.yml: each alert's expected labels and summary at given minutes, worked out by hand.
    const tests = await promtool(['test', 'rules', path.join(DEPLOY_DIR, 'flywheel-alerts.test.yml')]);
    expect(tests).toMatchObject({ code: 0 });
    expect(tests.output).toMatch(/SUCCESS/);
    // `check config` also checks the rule files the configuration names, found beside it.
    const config = await promtool(['check', 'config', path.join(DEPLOY_DIR, 'prometheus.yml')]);
    expect(config).toMatchObject({ code: 0 });
    expect(config.output).toMatch(/SUCCESS: 1 rule files found/);
  });
});
