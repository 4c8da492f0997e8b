import type { GatewayRequestKind } from '@flywheel/contracts';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Upstream } from './upstreams.js';

/**
 * How a request ended, for the `outcome` label: answered, failed on the model's side (every
 * upstream failed, or the stream broke), refused as the caller's mistake (bad body, unknown
 * model, an upstream's 4xx), or given up by the caller (connection closed before the end).
 */
export type RequestOutcome = 'success' | 'model_error' | 'caller_error' | 'cancelled';
/** One upstream try, for `flywheel_gateway_upstream_attempts_total`. */
export type AttemptMetricOutcome = 'success' | 'failure' | 'client_error' | 'cancelled';

/** `gen_ai.operation.name` of each proxied route (the OpenTelemetry GenAI well-known values). */
export const OPERATION_NAME: Record<GatewayRequestKind, string> = { chat: 'chat', completion: 'text_completion' };

/** Served names remembered per upstream; a redeploy past this many drops the oldest name's series, so the label stays bounded. */
export const SERVED_NAMES_PER_UPSTREAM = 4;

// The bucket boundaries the GenAI semantic conventions advise for each instrument.
const DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
const TTFT_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

const REQUEST_LABELS = ['gen_ai_operation_name', 'gen_ai_request_model', 'flywheel_upstream', 'outcome'] as const;
const MODEL_LABELS = ['gen_ai_operation_name', 'gen_ai_request_model', 'flywheel_upstream'] as const;
const OUTCOMES: readonly RequestOutcome[] = ['success', 'model_error', 'caller_error', 'cancelled'];

/** What one finished request contributes. */
export interface RequestRecord {
  kind: GatewayRequestKind;
  /** The upstream that answered, or the last one tried; '' when none was (refused before routing). */
  upstream: string;
  /** The model name that upstream serves (the checkpoint), as sent to it; '' when it could not be learnt. */
  servedModel: string;
  outcome: RequestOutcome;
  durationSeconds: number;
  /** Streamed answers only: from the request's arrival to the first byte of the answer. */
  firstTokenSeconds: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
}

/**
 * The gateway's own Prometheus metrics, in their own registry (two gateways in one process,
 * as in tests, must not share counts). Names follow the OpenTelemetry GenAI semantic
 * conventions translated to Prometheus (dots → underscores, unit suffix, `_total` on
 * counters); `gen_ai_request_model` carries the served model name, i.e. the checkpoint, and
 * `flywheel_upstream` the gateway's name for the server. Every label value comes from the
 * configuration or an upstream's /v1/models, never from a request. Recording is a handful of
 * prom-client increments, after the answer has gone out.
 */
export function createGatewayMetrics(options: { upstreams: readonly Upstream[]; isBlacklisted: (name: string) => boolean }) {
  const registry = new Registry();
  const requests = new Counter({
    name: 'gen_ai_server_requests_total',
    help: 'Requests the gateway answered, by operation, served model (checkpoint), upstream and outcome',
    labelNames: REQUEST_LABELS,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'gen_ai_server_request_duration_seconds',
    help: 'OpenTelemetry gen_ai.server.request.duration: from the request’s arrival to the last byte of the answer, in seconds',
    labelNames: REQUEST_LABELS,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const firstToken = new Histogram({
    name: 'gen_ai_server_time_to_first_token_seconds',
    help: 'OpenTelemetry gen_ai.server.time_to_first_token: from the request’s arrival to the first chunk of a streamed answer, in seconds',
    labelNames: MODEL_LABELS,
    buckets: TTFT_BUCKETS,
    registers: [registry],
  });
  const tokens = new Histogram({
    name: 'gen_ai_client_token_usage',
    help: 'OpenTelemetry gen_ai.client.token.usage: tokens per answered request as the upstream reported them, by gen_ai_token_type (input, output)',
    labelNames: [...MODEL_LABELS, 'gen_ai_token_type'],
    buckets: TOKEN_BUCKETS,
    registers: [registry],
  });
  const attempts = new Counter({
    name: 'flywheel_gateway_upstream_attempts_total',
    help: 'Tries of each upstream, fallbacks included, by outcome (success, failure: unreachable/5xx/429/broken stream, client_error: a 4xx passed on, cancelled)',
    labelNames: ['flywheel_upstream', 'outcome'],
    registers: [registry],
  });
  new Gauge({
    name: 'flywheel_gateway_upstream_blacklisted',
    help: '1 while the upstream is blacklisted after repeated failures (no traffic but the last healthy one), else 0',
    labelNames: ['flywheel_upstream'],
    registers: [registry],
    collect() {
      for (const u of options.upstreams) this.set({ flywheel_upstream: u.name }, options.isBlacklisted(u.name) ? 1 : 0);
    },
  });

  const servedNames = new Map<string, string[]>();
  /** Remembers `served` for `upstream`; past the bound, the oldest name's series go (Prometheus marks them stale). */
  const admit = (upstream: string, served: string) => {
    let names = servedNames.get(upstream);
    if (!names) servedNames.set(upstream, (names = []));
    if (names.includes(served)) return;
    names.push(served);
    if (names.length <= SERVED_NAMES_PER_UPSTREAM) return;
    const dropped = names.shift()!;
    for (const operation of Object.values(OPERATION_NAME)) {
      const model = { gen_ai_operation_name: operation, gen_ai_request_model: dropped, flywheel_upstream: upstream };
      for (const outcome of OUTCOMES) {
        requests.remove({ ...model, outcome });
        duration.remove({ ...model, outcome });
      }
      firstToken.remove(model);
      tokens.remove({ ...model, gen_ai_token_type: 'input' });
      tokens.remove({ ...model, gen_ai_token_type: 'output' });
    }
  };

  return {
    registry,
    recordRequest(record: RequestRecord): void {
      if (record.upstream !== '' && record.servedModel !== '') admit(record.upstream, record.servedModel);
      const model = { gen_ai_operation_name: OPERATION_NAME[record.kind], gen_ai_request_model: record.servedModel, flywheel_upstream: record.upstream };
      const labels = { ...model, outcome: record.outcome };
      requests.inc(labels);
      duration.observe(labels, record.durationSeconds);
      if (record.outcome !== 'success') return;
      if (record.firstTokenSeconds !== null) firstToken.observe(model, record.firstTokenSeconds);
      if (record.inputTokens !== null) tokens.observe({ ...model, gen_ai_token_type: 'input' }, record.inputTokens);
      if (record.outputTokens !== null) tokens.observe({ ...model, gen_ai_token_type: 'output' }, record.outputTokens);
    },
    recordAttempt(upstream: string, outcome: AttemptMetricOutcome): void {
      attempts.inc({ flywheel_upstream: upstream, outcome });
    },
  };
}
export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;
