import type { GatewayRequestKind, MetricEntry } from '@flywheel/contracts';
import type { WindowMetrics } from './window-metrics.js';

/** `service.name` of what the metrics describe: the model behind the gateway. */
export const SERVICE_NAME = 'flywheel-gateway';

// As the gateway's own metrics (libs/gateway gateway-metrics.ts OPERATION_NAME): no GenAI value of their own for image, audio, video.
const OPERATION: Record<GatewayRequestKind, string> = { chat: 'chat', completion: 'text_completion', image: 'generate_content', audio: 'generate_content', video: 'generate_content' };

/**
 * The window's figures as metric entries with OpenTelemetry-style names and attributes:
 * the GenAI semantic conventions where they exist (`gen_ai.server.request.duration` in
 * seconds, `gen_ai.request.model`, `gen_ai.operation.name`), `flywheel.llm.*` otherwise.
 * Every entry carries `service.name`; quantiles carry `quantile`.
 */
export function metricEntries(metrics: WindowMetrics, windowSeconds: number): MetricEntry[] {
  const entries: MetricEntry[] = [];
  const base = { 'service.name': SERVICE_NAME, 'flywheel.window.seconds': windowSeconds };
  for (const [model, m] of Object.entries(metrics.by_model)) {
    const attributes = { ...base, 'gen_ai.request.model': model, 'gen_ai.operation.name': OPERATION[m.kind] };
    for (const [q, value] of [[0.5, m.response_time_ms.p50], [0.95, m.response_time_ms.p95], [0.99, m.response_time_ms.p99]] as const) {
      if (value !== null) entries.push({ name: 'gen_ai.server.request.duration', unit: 's', value: value / 1000, attributes: { ...attributes, quantile: q } });
    }
    if (m.tokens_per_second.mean !== null) entries.push({ name: 'flywheel.llm.output_tokens_per_second', unit: '{token}/s', value: m.tokens_per_second.mean, attributes });
    entries.push({ name: 'flywheel.llm.requests', unit: '{request}', value: m.requests, attributes });
    // As the window's error_rate: the model's errors among the requests that were not the caller's fault.
    const judged = m.requests - m.callerFaults;
    entries.push({ name: 'flywheel.llm.error_rate', unit: '1', value: judged ? m.errors / judged : 0, attributes });
  }
  const overall: [string, string, number | null][] = [
    ['flywheel.llm.user_rating', '1', metrics.user_rating],
    ['flywheel.llm.correction_frequency', '1', metrics.correction_frequency],
    ['flywheel.llm.clarification_rate', '1', metrics.clarification_rate],
    ['flywheel.llm.unknown_query_rate', '1', metrics.unknown_query_rate],
    ['flywheel.llm.quality.relevance', '1', metrics.quality.relevance],
    ['flywheel.llm.quality.accuracy', '1', metrics.quality.accuracy],
    ['flywheel.llm.quality.completeness', '1', metrics.quality.completeness],
    ['flywheel.llm.quality.coherence', '1', metrics.quality.coherence],
    ['flywheel.llm.quality.outdated_rate', '1', metrics.quality.outdated_rate],
    ['flywheel.llm.quality.bias_rate', '1', metrics.quality.bias_rate],
  ];
  for (const [name, unit, value] of overall) if (value !== null) entries.push({ name, unit, value, attributes: base });
  return entries;
}
