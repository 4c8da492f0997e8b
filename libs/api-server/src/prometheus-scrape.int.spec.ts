// Issue 19: Debian's real `prometheus` scrapes the gateway's /metrics and the API's /metrics
// every second; the test drives a known number of streamed requests through the gateway to
// the simulator (which holds each one a known time before its first token) and checks what
// rate(), increase() and histogram_quantile() answer against values worked out by hand. The
// shipped example configuration and alert rules (deploy/prometheus/) pass promtool.
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
 * first token is in (0.75, 1] and the whole request in (0.64, 1.28], the buckets around
 * 0.77 s of the two histograms (the GenAI conventions' boundaries), with 0.23 s to spare for a
 * loaded machine.
 */
const HOLD_MS = 770;
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
    // A window from exactly the one sample to exactly the other: nothing to extrapolate, so
    // increase() is the burst and rate() the burst over the window's length.
    const windowMs = Math.round((after[0] - before[0]) * 1000);
    expect(windowMs).toBeGreaterThan(0);
    const at = after[0];
    expect(await scalar(`sum(increase(${SUCCESS}[${windowMs}ms]))`, at)).toBeCloseTo(BURST, 9);
    expect(await scalar(`sum(rate(${SUCCESS}[${windowMs}ms]))`, at)).toBeCloseTo(BURST / (windowMs / 1000), 9);
    expect(await scalar(`sum(gen_ai_server_request_duration_seconds_count{job="flywheel-gateway"})`, at)).toBe(WARM_UP + BURST);

    // Every request took HOLD_MS and a little: all in the (0.64, 1.28] bucket, so the
    // quantile q is interpolated in it as 0.64 + q · 0.64.
    const durationBuckets = 'gen_ai_server_request_duration_seconds_bucket{job="flywheel-gateway", outcome="success"}';
    expect(await scalar(`histogram_quantile(0.5, sum by (le) (${durationBuckets}))`, at)).toBeCloseTo(0.64 + 0.5 * 0.64, 9);
    expect(await scalar(`histogram_quantile(0.9, sum by (le) (rate(${durationBuckets}[${windowMs}ms])))`, at)).toBeCloseTo(0.64 + 0.9 * 0.64, 9);
    // And the first token HOLD_MS after the request: (0.75, 1], 0.75 + q · 0.25.
    const ttftBuckets = 'gen_ai_server_time_to_first_token_seconds_bucket{job="flywheel-gateway", gen_ai_request_model="checkpoint-100"}';
    expect(await scalar(`histogram_quantile(0.5, sum by (le) (${ttftBuckets}))`, at)).toBeCloseTo(0.75 + 0.5 * 0.25, 9);
    // One output-token observation per answered request (the simulator sent its usage).
    expect(await scalar('sum(gen_ai_client_token_usage_count{job="flywheel-gateway", gen_ai_token_type="output"})', at)).toBe(WARM_UP + BURST);
  }, 120_000);

  it('the example scrape configuration and alert rules pass promtool', async () => {
    expect(await promtool(['check', 'rules', path.join(DEPLOY_DIR, 'flywheel-alerts.rules.yml')])).toMatchObject({ code: 0 });
    // `check config` also checks the rule files the configuration names, found beside it.
    const config = await promtool(['check', 'config', path.join(DEPLOY_DIR, 'prometheus.yml')]);
    expect(config).toMatchObject({ code: 0 });
    expect(config.output).toMatch(/SUCCESS: 1 rule files found/);
  });
});
