import { PII_KINDS, STATUS_FILES, type LlmHealthStatus } from '@flywheel/contracts';
import { Gauge, type Registry } from 'prom-client';

/** The Prometheus names of `llm_health.json`'s `safety`, `cost` and `trends` (see docs/safety-and-cost.md). */
export const SAFETY_COST_METRICS = {
  scanned: 'flywheel_llm_safety_responses_scanned',
  piiResponses: 'flywheel_llm_pii_responses',
  piiRate: 'flywheel_llm_pii_rate',
  piiMatches: 'flywheel_llm_pii_matches',
  toxicityRate: 'flywheel_llm_toxicity_rate',
  refusalRate: 'flywheel_llm_refusal_rate',
  windowCost: 'flywheel_llm_window_cost',
  costPerQuery: 'flywheel_llm_cost_per_query',
  windowTokens: 'flywheel_llm_window_tokens',
  gpuUtilization: 'flywheel_llm_gpu_utilization_percent',
  trend: 'flywheel_llm_metric_trend',
} as const;

const TREND_VALUE = { improving: 1, stable: 0, declining: -1 } as const;

/**
 * Adds the safety, cost and trend figures of `llm_health.json` to `registry` as gauges over the
 * monitor's window. A figure the status has as null (nothing scored, nothing priced, no GPU) gets
 * no series rather than a 0 it never measured; a name `taken` says is the API's own is skipped.
 */
export function addSafetyCostGauges(registry: Registry, status: LlmHealthStatus, taken: (name: string) => boolean): void {
  const file = STATUS_FILES.llm_health.file;
  const window = `over the monitor's window (${status.window.seconds} s), from ${file}`;
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    taken(name) ? null : new Gauge({ name, help: `${help} ${window}`, labelNames, registers: [registry] });
  const { safety, cost, trends } = status;
  if (safety) {
    gauge(SAFETY_COST_METRICS.scanned, 'Successful answers scanned for PII, toxicity and refusal')?.set(safety.responses_scanned);
    gauge(SAFETY_COST_METRICS.piiResponses, 'Answers with at least one PII or secret finding')?.set(safety.pii.responses_with_pii);
    if (safety.pii.rate !== null) gauge(SAFETY_COST_METRICS.piiRate, 'Share of answers with PII')?.set(safety.pii.rate);
    const matches = gauge(SAFETY_COST_METRICS.piiMatches, 'PII and secret findings per kind', ['kind']);
    for (const kind of PII_KINDS) matches?.set({ kind }, safety.pii.by_kind[kind] ?? 0);
    for (const [name, figure, what] of [
      [SAFETY_COST_METRICS.toxicityRate, safety.toxicity, 'Share of scored answers flagged toxic'],
      [SAFETY_COST_METRICS.refusalRate, safety.refusal, 'Share of scored answers that refuse'],
    ] as const) {
      if (figure.rate !== null && figure.scorer !== null) gauge(name, `${what}, by the scorer named`, ['scorer'])?.set({ scorer: figure.scorer }, figure.rate);
    }
  }
  if (cost) {
    if (cost.total_cost !== null) gauge(SAFETY_COST_METRICS.windowCost, 'Cost of the priced models', ['currency'])?.set({ currency: cost.currency }, cost.total_cost);
    const perQuery = gauge(SAFETY_COST_METRICS.costPerQuery, 'Cost per query; model="" for all priced models together', ['model', 'currency']);
    if (cost.cost_per_query !== null) perQuery?.set({ model: '', currency: cost.currency }, cost.cost_per_query);
    const tokens = gauge(SAFETY_COST_METRICS.windowTokens, 'Prompt and completion tokens per model', ['model', 'type']);
    for (const [model, m] of Object.entries(cost.by_model)) {
      if (m.cost_per_query !== null) perQuery?.set({ model, currency: cost.currency }, m.cost_per_query);
      tokens?.set({ model, type: 'prompt' }, m.prompt_tokens);
      tokens?.set({ model, type: 'completion' }, m.completion_tokens);
    }
    if (cost.gpu_utilization_percent !== null) gauge(SAFETY_COST_METRICS.gpuUtilization, 'Mean GPU utilisation (nvidia-smi, as /api/gpu)')?.set(cost.gpu_utilization_percent);
  }
  if (trends && Object.keys(trends).length > 0) {
    const trend = gauge(SAFETY_COST_METRICS.trend, 'Direction of each metric: 1 improving, 0 stable, -1 declining (Mann-Kendall over equal time buckets)', ['metric']);
    for (const [metric, t] of Object.entries(trends)) trend?.set({ metric }, TREND_VALUE[t.direction]);
  }
}
