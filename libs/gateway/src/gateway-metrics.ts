import type { GatewayRequestKind } from '@flywheel/contracts';
import { Gauge, Registry } from 'prom-client';
import { BoundCounter, BoundHistogram, type CounterSeries, type HistogramSeries } from './bound-metrics.js';
import type { Upstream } from './upstreams.js';

/**
 * How a request ended, for the `outcome` label: answered, failed on the model's side (every
 * upstream failed, or the stream broke), refused as the caller's mistake (bad body, unknown
 * model, an upstream's 4xx), or given up by the caller (connection closed before the end).
 */
export type RequestOutcome = 'success' | 'model_error' | 'caller_error' | 'cancelled';
/** One upstream try, for `flywheel_gateway_upstream_attempts_total`. */
export type AttemptMetricOutcome = 'success' | 'failure' | 'client_error' | 'cancelled';

/**
 * `gen_ai.operation.name` of each proxied route, from the OpenTelemetry GenAI well-known values:
 * `chat`, `text_completion`, and `generate_content` ("multimodal content generation") for
 * text-to-image, text-to-audio and text-to-video, which have no value of their own.
 */
export const OPERATION_NAME: Record<GatewayRequestKind, string> = {
  chat: 'chat',
  completion: 'text_completion',
  image: 'generate_content',
  audio: 'generate_content',
  video: 'generate_content',
};

/** Served names remembered per upstream; a redeploy past this many drops the oldest name's series, so the label stays bounded. */
export const SERVED_NAMES_PER_UPSTREAM = 4;

// The bucket boundaries the GenAI semantic conventions advise for each instrument.
const DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
const TTFT_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

const REQUEST_LABELS = ['gen_ai_operation_name', 'gen_ai_request_model', 'flywheel_upstream', 'outcome'] as const;
const MODEL_LABELS = ['gen_ai_operation_name', 'gen_ai_request_model', 'flywheel_upstream'] as const;

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
 * configuration or an upstream's /v1/models, never from a request. Recording, after the
 * answer has gone out, finds the request's series by two map lookups (upstream, served name)
 * and adds to plain numbers: nothing is allocated once a series exists.
 */
export function createGatewayMetrics(options: { upstreams: readonly Upstream[]; isBlacklisted: (name: string) => boolean }) {
  const registry = new Registry();
  const requests = new BoundCounter({
    name: 'gen_ai_server_requests_total',
    help: 'Requests the gateway answered, by operation, served model (checkpoint), upstream and outcome',
    labelNames: REQUEST_LABELS,
    registers: [registry],
  });
  const duration = new BoundHistogram({
    name: 'gen_ai_server_request_duration_seconds',
    help: 'OpenTelemetry gen_ai.server.request.duration: from the request’s arrival to the last byte of the answer, in seconds',
    labelNames: REQUEST_LABELS,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const firstToken = new BoundHistogram({
    name: 'gen_ai_server_time_to_first_token_seconds',
    help: 'OpenTelemetry gen_ai.server.time_to_first_token: from the request’s arrival to the first chunk of a streamed answer, in seconds',
    labelNames: MODEL_LABELS,
    buckets: TTFT_BUCKETS,
    registers: [registry],
  });
  const tokens = new BoundHistogram({
    name: 'gen_ai_client_token_usage',
    help: 'OpenTelemetry gen_ai.client.token.usage: tokens per answered request as the upstream reported them, by gen_ai_token_type (input, output)',
    labelNames: [...MODEL_LABELS, 'gen_ai_token_type'] as const,
    buckets: TOKEN_BUCKETS,
    registers: [registry],
  });
  const attempts = new BoundCounter({
    name: 'flywheel_gateway_upstream_attempts_total',
    help: 'Tries of each upstream, fallbacks included, by outcome (success, failure: unreachable/5xx/429/broken stream, client_error: a 4xx passed on, cancelled)',
    labelNames: ['flywheel_upstream', 'outcome'] as const,
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

  /** The series of one (operation, served model, upstream), made as they are first needed; `drops` forget them all. */
  interface OperationSeries {
    requests: Partial<Record<RequestOutcome, CounterSeries>>;
    duration: Partial<Record<RequestOutcome, HistogramSeries>>;
    firstToken?: HistogramSeries;
    input?: HistogramSeries;
    output?: HistogramSeries;
  }
  interface ModelSeries {
    upstream: string;
    served: string;
    /** By operation name, not kind: image, audio and video of one upstream share `generate_content`'s series. */
    byOperation: Map<string, OperationSeries>;
    drops: (() => void)[];
  }
  const modelSeries = (upstream: string, served: string): ModelSeries => ({ upstream, served, byOperation: new Map(), drops: [] });
  /** upstream → served name → its series, oldest name first (Map keeps insertion order). */
  const byUpstream = new Map<string, Map<string, ModelSeries>>();
  const refused = modelSeries('', '');
  const attemptSeries = new Map<string, Partial<Record<AttemptMetricOutcome, CounterSeries>>>();

  /** The series of `served` on `upstream`; a name past SERVED_NAMES_PER_UPSTREAM drops the oldest name's series (Prometheus marks them stale). */
  const seriesOf = (upstream: string, served: string): ModelSeries => {
    if (upstream === '' || served === '') return upstream === '' && served === '' ? refused : unnamed(upstream, served);
    let names = byUpstream.get(upstream);
    if (!names) byUpstream.set(upstream, (names = new Map()));
    let found = names.get(served);
    if (found) return found;
    names.set(served, (found = modelSeries(upstream, served)));
    if (names.size > SERVED_NAMES_PER_UPSTREAM) {
      const [oldest, series] = names.entries().next().value!;
      names.delete(oldest);
      for (const drop of series.drops) drop();
    }
    return found;
  };
  // An upstream whose served name could not be learnt (or, defensively, a name without an upstream): one series per upstream.
  const unnamedSeries = new Map<string, ModelSeries>();
  const unnamed = (upstream: string, served: string): ModelSeries => {
    const key = `${upstream}\u0000${served}`;
    let found = unnamedSeries.get(key);
    if (!found) unnamedSeries.set(key, (found = modelSeries(upstream, served)));
    return found;
  };

  const operationOf = (model: ModelSeries, kind: GatewayRequestKind): OperationSeries => {
    let found = model.byOperation.get(OPERATION_NAME[kind]);
    if (!found) model.byOperation.set(OPERATION_NAME[kind], (found = { requests: {}, duration: {} }));
    return found;
  };
  const labelsOf = (model: ModelSeries, kind: GatewayRequestKind) => ({ gen_ai_operation_name: OPERATION_NAME[kind], gen_ai_request_model: model.served, flywheel_upstream: model.upstream });
  /** Binds a series of `family` for `model`, remembering how to drop it. */
  function bound<S, L>(model: ModelSeries, family: { series(labels: L): S; drop(labels: L): void }, labels: L): S {
    model.drops.push(() => family.drop(labels));
    return family.series(labels);
  }

  return {
    registry,
    recordRequest(record: RequestRecord): void {
      const model = seriesOf(record.upstream, record.servedModel);
      const op = operationOf(model, record.kind);
      const outcome = record.outcome;
      (op.requests[outcome] ??= bound(model, requests, { ...labelsOf(model, record.kind), outcome })).value += 1;
      duration.record((op.duration[outcome] ??= bound(model, duration, { ...labelsOf(model, record.kind), outcome })), record.durationSeconds);
      if (outcome !== 'success') return;
      if (record.firstTokenSeconds !== null) firstToken.record((op.firstToken ??= bound(model, firstToken, labelsOf(model, record.kind))), record.firstTokenSeconds);
      if (record.inputTokens !== null) tokens.record((op.input ??= bound(model, tokens, { ...labelsOf(model, record.kind), gen_ai_token_type: 'input' })), record.inputTokens);
      if (record.outputTokens !== null) tokens.record((op.output ??= bound(model, tokens, { ...labelsOf(model, record.kind), gen_ai_token_type: 'output' })), record.outputTokens);
    },
    recordAttempt(upstream: string, outcome: AttemptMetricOutcome): void {
      let byOutcome = attemptSeries.get(upstream);
      if (!byOutcome) attemptSeries.set(upstream, (byOutcome = {}));
      (byOutcome[outcome] ??= attempts.series({ flywheel_upstream: upstream, outcome })).value += 1;
    },
  };
}
export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;
