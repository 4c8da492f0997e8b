// /metrics with the production side: a real llm_health.json written through the status store,
// a real gateway snapshot written by libs/gateway's writer; every expected line worked out
// by hand from those inputs (see gateway-snapshot.fixture.ts for the traffic).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createStatusStore } from '@flywheel/status-store';
import { tempDir } from '@flywheel/testing';
import { Redis } from 'ioredis';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { createApiApp } from './create-api-app.js';
import { POLICY, SAVED_AT, UPSTREAMS, writeGatewaySnapshot } from './gateway-snapshot.fixture.js';
import { llmHealthBody } from './llm-health-body.fixture.js';
import { prometheusLabelName, prometheusMetricName } from './llm-health-metrics.js';

const logger = pino({ level: 'silent' });
const RUN = 'production-metrics';
/** The API's clock: 90 s after the gateway saved its snapshot. */
const NOW = new Date(SAVED_AT.getTime() + 90_000);
let temp: { dir: string; remove: () => Promise<void> };

beforeAll(async () => {
  temp = await tempDir('api-production-metrics');
});
afterAll(async () => {
  await temp.remove();
});

async function scrape(statusDir: string, redis?: Redis): Promise<string> {
  const app = createApiApp({
    statusStore: createStatusStore({ statusDir, run: RUN, logger, redis }),
    redis,
    run: RUN,
    staleFactor: 2,
    staleAfterSeconds: 60,
    logger,
    now: () => NOW,
    gateway: { upstreams: UPSTREAMS, criterion: 'speed', blacklist: POLICY },
  });
  try {
    const res = await request(app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text;
  } finally {
    await app.closeResources();
  }
}

/** The lines of one metric family (HELP, TYPE, samples) as the exposition has them. */
function family(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`# HELP ${name} `) || line.startsWith(`# TYPE ${name} `) || line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

const SERVICE = { 'service.name': 'flywheel-gateway' };
const DEPLOYED_CHAT = { ...SERVICE, 'gen_ai.request.model': 'deployed', 'gen_ai.operation.name': 'chat' };

describe('name mapping', () => {
  it('turns OpenTelemetry names into Prometheus names and labels', () => {
    expect(prometheusMetricName('gen_ai.server.request.duration')).toBe('flywheel_gen_ai_server_request_duration');
    expect(prometheusMetricName('flywheel.llm.requests')).toBe('flywheel_llm_requests');
    expect(prometheusMetricName('http.server-latency')).toBe('flywheel_http_server_latency');
    expect(prometheusLabelName('gen_ai.request.model')).toBe('gen_ai_request_model');
    expect(prometheusLabelName('quantile')).toBe('quantile');
    expect(prometheusLabelName('2xx.count')).toBe('_2xx_count');
  });
});

describe('GET /metrics with the production monitor and the gateway', () => {
  it('exports the metric entries, the level one-hot, the health score and the gateway figures per model', async () => {
    const statusDir = path.join(temp.dir, 'status');
    await createStatusStore({ statusDir, run: RUN, logger }).write(
      'llm_health',
      llmHealthBody({
        level: 'WARNING',
        health_score: 0.62,
        metric_entries: [
          { name: 'gen_ai.server.request.duration', unit: 's', value: 0.25, attributes: { ...DEPLOYED_CHAT, quantile: 0.5 } },
          { name: 'gen_ai.server.request.duration', unit: 's', value: 1.5, attributes: { ...DEPLOYED_CHAT, quantile: 0.99 } },
          { name: 'flywheel.llm.requests', unit: '{request}', value: 40, attributes: DEPLOYED_CHAT },
          { name: 'flywheel.llm.user_rating', unit: '1', value: 3.5, attributes: { ...SERVICE, 'flywheel.window.seconds': 300, 'flywheel.sampled': true } },
          // Maps onto one of the API's own metrics: left out, the API's own series stay.
          { name: 'flywheel.gateway.requests', unit: '{request}', value: 999, attributes: {} },
        ],
      }),
    );
    await writeGatewaySnapshot(statusDir);
    const text = await scrape(statusDir);

    expect(family(text, 'flywheel_gen_ai_server_request_duration')).toEqual([
      '# HELP flywheel_gen_ai_server_request_duration OpenTelemetry gen_ai.server.request.duration (unit s), from llm_health.json metric_entries',
      '# TYPE flywheel_gen_ai_server_request_duration summary',
      'flywheel_gen_ai_server_request_duration{service_name="flywheel-gateway",gen_ai_request_model="deployed",gen_ai_operation_name="chat",quantile="0.5"} 0.25',
      'flywheel_gen_ai_server_request_duration{service_name="flywheel-gateway",gen_ai_request_model="deployed",gen_ai_operation_name="chat",quantile="0.99"} 1.5',
    ]);
    expect(family(text, 'flywheel_llm_requests')).toEqual([
      '# HELP flywheel_llm_requests OpenTelemetry flywheel.llm.requests (unit {request}), from llm_health.json metric_entries',
      '# TYPE flywheel_llm_requests gauge',
      'flywheel_llm_requests{service_name="flywheel-gateway",gen_ai_request_model="deployed",gen_ai_operation_name="chat"} 40',
    ]);
    expect(family(text, 'flywheel_llm_user_rating').slice(2)).toEqual([
      'flywheel_llm_user_rating{service_name="flywheel-gateway",flywheel_window_seconds="300",flywheel_sampled="true"} 3.5',
    ]);
    expect(family(text, 'flywheel_llm_health_level').slice(2)).toEqual([
      'flywheel_llm_health_level{level="EXCELLENT"} 0',
      'flywheel_llm_health_level{level="HEALTHY"} 0',
      'flywheel_llm_health_level{level="ATTENTION"} 0',
      'flywheel_llm_health_level{level="WARNING"} 1',
      'flywheel_llm_health_level{level="CRITICAL"} 0',
    ]);
    expect(family(text, 'flywheel_llm_health_score').slice(2)).toEqual(['flywheel_llm_health_score 0.62']);

    // Gateway: saved 90 s before the API's clock; deployed 5 requests at 4/5, every quantile
    // 250 ms; base 6 requests at 3/6, every quantile 40 ms, blacklisted until 11:00 (now 10:01:30).
    expect(family(text, 'flywheel_gateway_snapshot_age_seconds').slice(2)).toEqual(['flywheel_gateway_snapshot_age_seconds{file="gateway_performance.json"} 90']);
    expect(family(text, 'flywheel_gateway_requests').slice(2)).toEqual(['flywheel_gateway_requests{model="deployed"} 5', 'flywheel_gateway_requests{model="base"} 6']);
    expect(family(text, 'flywheel_gateway_success_rate').slice(2)).toEqual(['flywheel_gateway_success_rate{model="deployed"} 0.8', 'flywheel_gateway_success_rate{model="base"} 0.5']);
    expect(family(text, 'flywheel_gateway_latency_seconds').slice(2)).toEqual([
      'flywheel_gateway_latency_seconds{model="deployed",quantile="0.5"} 0.25',
      'flywheel_gateway_latency_seconds{model="deployed",quantile="0.95"} 0.25',
      'flywheel_gateway_latency_seconds{model="deployed",quantile="0.99"} 0.25',
      'flywheel_gateway_latency_seconds{model="base",quantile="0.5"} 0.04',
      'flywheel_gateway_latency_seconds{model="base",quantile="0.95"} 0.04',
      'flywheel_gateway_latency_seconds{model="base",quantile="0.99"} 0.04',
    ]);
    expect(family(text, 'flywheel_gateway_blacklisted').slice(2)).toEqual(['flywheel_gateway_blacklisted{model="deployed"} 0', 'flywheel_gateway_blacklisted{model="base"} 1']);
    // The status' age among the existing status gauges: written with the real clock, so only its presence is checked.
    expect(text).toMatch(/^flywheel_status_age_seconds\{status="llm_health",file="llm_health.json"\} /m);
  });

  it('exports the safety, cost and trend figures, each with its scorer, currency or metric as a label', async () => {
    const statusDir = path.join(temp.dir, 'safety-cost');
    const clean = { email: 0, phone: 0, card: 0, iban: 0, ip_address: 0, secret: 0 };
    const trend = { test: 'mann-kendall' as const, statistic: 0, p_value: 1, alpha: 0.05, slope_per_bucket: 0, points: 8 };
    await createStatusStore({ statusDir, run: RUN, logger }).write('llm_health', {
      ...llmHealthBody({ level: 'HEALTHY', health_score: 0.8, metric_entries: [] }),
      safety: {
        responses_scanned: 40,
        pii: { responses_with_pii: 3, rate: 0.075, by_kind: { ...clean, email: 2, card: 1 }, redacted_in_logs_and_exports: true },
        toxicity: { rate: 0.025, flagged: 1, scored: 40, scorer: 'obscenity' },
        // Nothing scored: no series.
        refusal: { rate: null, flagged: 0, scored: 0, scorer: 'llm-judge:judge' },
      },
      cost: {
        currency: 'EUR', requests: 50, prompt_tokens: 5000, completion_tokens: 9000, total_cost: 0.5, cost_per_query: 0.0125,
        by_model: {
          deployed: { requests: 40, prompt_tokens: 4000, completion_tokens: 8000, pricing: 'per_gpu_hour', cost: 0.5, cost_per_query: 0.0125 },
          base: { requests: 10, prompt_tokens: 1000, completion_tokens: 1000, pricing: null, cost: null, cost_per_query: null },
        },
        gpu_utilization_percent: null,
        gpu_source: null,
      },
      trends: {
        'response_time_ms.p95': { ...trend, direction: 'declining', higher_is_better: false },
        user_rating: { ...trend, direction: 'stable', higher_is_better: true },
        'cost.cost_per_query': { ...trend, direction: 'improving', higher_is_better: false },
      },
    });
    const text = await scrape(statusDir);
    const samples = (name: string) => family(text, name).slice(2);
    expect(samples('flywheel_llm_safety_responses_scanned')).toEqual(['flywheel_llm_safety_responses_scanned 40']);
    expect(samples('flywheel_llm_pii_rate')).toEqual(['flywheel_llm_pii_rate 0.075']);
    expect(samples('flywheel_llm_pii_matches')).toEqual(['email 2', 'phone 0', 'card 1', 'iban 0', 'ip_address 0', 'secret 0'].map((s) => `flywheel_llm_pii_matches{kind="${s.split(' ')[0]}"} ${s.split(' ')[1]}`));
    expect(samples('flywheel_llm_toxicity_rate')).toEqual(['flywheel_llm_toxicity_rate{scorer="obscenity"} 0.025']);
    expect(samples('flywheel_llm_refusal_rate')).toEqual([]);
    expect(samples('flywheel_llm_window_cost')).toEqual(['flywheel_llm_window_cost{currency="EUR"} 0.5']);
    expect(samples('flywheel_llm_cost_per_query')).toEqual([
      'flywheel_llm_cost_per_query{model="",currency="EUR"} 0.0125',
      'flywheel_llm_cost_per_query{model="deployed",currency="EUR"} 0.0125',
    ]);
    expect(samples('flywheel_llm_window_tokens')).toEqual([
      'flywheel_llm_window_tokens{model="deployed",type="prompt"} 4000',
      'flywheel_llm_window_tokens{model="deployed",type="completion"} 8000',
      'flywheel_llm_window_tokens{model="base",type="prompt"} 1000',
      'flywheel_llm_window_tokens{model="base",type="completion"} 1000',
    ]);
    expect(family(text, 'flywheel_llm_gpu_utilization_percent')).toEqual([]);
    expect(samples('flywheel_llm_metric_trend')).toEqual([
      'flywheel_llm_metric_trend{metric="response_time_ms.p95"} -1',
      'flywheel_llm_metric_trend{metric="user_rating"} 0',
      'flywheel_llm_metric_trend{metric="cost.cost_per_query"} 1',
    ]);
  });

  it('has all levels 0 and no score before the monitor has a level', async () => {
    const statusDir = path.join(temp.dir, 'no-level');
    await createStatusStore({ statusDir, run: RUN, logger }).write('llm_health', llmHealthBody({ level: null, health_score: null, metric_entries: [] }));
    const text = await scrape(statusDir);
    expect(family(text, 'flywheel_llm_health_level').slice(2)).toEqual(['EXCELLENT', 'HEALTHY', 'ATTENTION', 'WARNING', 'CRITICAL'].map((l) => `flywheel_llm_health_level{level="${l}"} 0`));
    expect(family(text, 'flywheel_llm_health_score')).toEqual([]);
  });

  it('has neither production nor gateway series when neither file has been written', async () => {
    const text = await scrape(path.join(temp.dir, 'empty'));
    expect(family(text, 'flywheel_llm_health_level')).toEqual([]);
    for (const name of ['flywheel_gateway_snapshot_age_seconds', 'flywheel_gateway_requests', 'flywheel_gateway_blacklisted']) {
      expect(family(text, name).slice(2)).toEqual([]);
    }
    // The rest of /metrics is still there.
    expect(text).toContain('# TYPE flywheel_deployments gauge');
  });
});

describe('GET /metrics while Redis is not ready', () => {
  it('still answers, with the file figures and without queue figures', async () => {
    const statusDir = path.join(temp.dir, 'redis-not-ready');
    await writeGatewaySnapshot(statusDir);
    // A server that accepts connections and never answers: ioredis never gets ready, and
    // BullMQ's queues wait for a ready connection, as they do while Redis is down.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    // disconnectTimeout: ioredis waits that long for a silent peer to close before destroying
    // the socket, a timer that would outlive the test at its 2 s default.
    const redis = new Redis({ host: '127.0.0.1', port: (silent.address() as AddressInfo).port, maxRetriesPerRequest: 1, enableOfflineQueue: false, disconnectTimeout: 50 });
    redis.on('error', () => undefined);
    try {
      const text = await scrape(statusDir, redis);
      expect(family(text, 'flywheel_queue_jobs').slice(2)).toEqual([]);
      expect(family(text, 'flywheel_gateway_requests').slice(2)).toEqual(['flywheel_gateway_requests{model="deployed"} 5', 'flywheel_gateway_requests{model="base"} 6']);
    } finally {
      const ended = new Promise((resolve) => redis.once('end', resolve));
      redis.disconnect();
      for (const socket of sockets) socket.destroy();
      await ended;
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
