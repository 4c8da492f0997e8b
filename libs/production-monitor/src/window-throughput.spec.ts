import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@flywheel/config';
import { LlmHealthStatus } from '@flywheel/contracts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMonitorPass } from './monitor-pass.js';
import { createMonitorState } from './monitor-state.js';
import type { RequestSample } from './samples.js';
import { windowMetrics } from './window-metrics.js';

const request = (n: number, model: string, completionTokens: number | null, ok = true): RequestSample => ({
  id: `r${n}`, atMs: n * 1000, model, kind: 'chat', skill: null, ok, latencyMs: 100, firstTokenMs: null,
  tokensPerSecond: null, promptTokens: null, completionTokens, unknown: false, judged: null,
  pii: { email: 0, phone: 0, card: 0, iban: 0, ip_address: 0, secret: 0 }, toxic: null, refusal: null,
});

// 6 requests: model a answers 4 (100, 200, 300 tokens and one without usage), model b 2 (one
// failed without usage, one 400 tokens); all within a 120 s window.
const traffic = [request(1, 'a', 100), request(2, 'a', 200), request(3, 'a', 300), request(4, 'a', null), request(5, 'b', null, false), request(6, 'b', 400)];

describe('windowMetrics throughput', () => {
  it('divides requests and output tokens by the window length, idle time included', () => {
    const m = windowMetrics(traffic, [], 120);
    // By hand: 6 requests / 120 s = 0.05 req/s; 100 + 200 + 300 + 400 = 1000 tokens / 120 s = 8.333… tokens/s.
    expect(m.throughput).toEqual({ span_seconds: 120, requests_per_second: 0.05, output_tokens_per_second: 1000 / 120, requests_with_usage: 4 });
    // Per model: a 4 / 120 and 600 / 120 = 5; b 2 / 120 and 400 / 120.
    expect(m.by_model['a']!.throughput).toEqual({ span_seconds: 120, requests_per_second: 4 / 120, output_tokens_per_second: 5, requests_with_usage: 3 });
    expect(m.by_model['b']!.throughput).toEqual({ span_seconds: 120, requests_per_second: 2 / 120, output_tokens_per_second: 400 / 120, requests_with_usage: 1 });
  });

  it('has no rate without a span (a bucket of a trend), and 0, not null, for an empty window with one', () => {
    expect(windowMetrics(traffic, []).throughput).toMatchObject({ span_seconds: null, requests_per_second: null, output_tokens_per_second: null });
    expect(windowMetrics([], [], 600).throughput).toEqual({ span_seconds: 600, requests_per_second: 0, output_tokens_per_second: 0, requests_with_usage: 0 });
  });

  it('llm_health carries it over monitor.windowSeconds, per model, and parses against the contract', async () => {
    const config = loadConfig({ argv: [], env: {}, cwd: '/' });
    const monitor = { ...config.monitor, windowSeconds: 120 };
    const state = createMonitorState(monitor);
    for (const r of traffic) state.requests.add(r);
    const dir = mkdtempSync(join(tmpdir(), 'throughput-'));
    const host = { memory_used_bytes: 1, memory_total_bytes: 2, memory_percent: 50, cpu_percent: null, load_average_1m: 0, monitor_rss_bytes: 1 };
    // The pass at 100 s: its window (−20 s, 100 s] holds all six requests.
    const body = await runMonitorPass(state, { nowMs: 100_000, monitor, statusDir: dir, baseDir: dir, run: 't', host, redact: false, cost: config.cost, gpu: null, manualRequests: [], errors: [] });
    expect(body.metrics.throughput).toMatchObject({ span_seconds: 120, requests_per_second: 0.05, output_tokens_per_second: 8.333333, requests_with_usage: 4 });
    expect(Object.keys(body.metrics.throughput!.by_model)).toEqual(['a', 'b']);
    expect(body.metrics.throughput!.by_model['a']!.output_tokens_per_second).toBe(5);
    const parsed = LlmHealthStatus.safeParse({ ...body, schema_version: 1, last_update: new Date(0).toISOString() });
    expect(parsed.error?.issues ?? []).toEqual([]);
  });
});
