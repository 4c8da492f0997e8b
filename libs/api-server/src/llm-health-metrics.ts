import { MONITORING_LEVELS, STATUS_FILES, type MetricEntry } from '@flywheel/contracts';
import type { StatusRead } from '@flywheel/status-store';
import { Gauge, Registry } from 'prom-client';
import { QuantileGauge } from './quantile-gauge.js';
import { addSafetyCostGauges } from './safety-cost-metrics.js';

export const LLM_HEALTH_LEVEL_METRIC = 'flywheel_llm_health_level';
export const LLM_HEALTH_SCORE_METRIC = 'flywheel_llm_health_score';

/** Every character Prometheus does not allow in a name becomes `_` (OpenTelemetry's `.` first of all). */
function underscored(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

/**
 * The Prometheus name of an OpenTelemetry-style metric name: `.` (and anything else not
 * allowed) → `_`, and a `flywheel_` prefix unless it has one already
 * (`gen_ai.server.request.duration` → `flywheel_gen_ai_server_request_duration`,
 * `flywheel.llm.requests` → `flywheel_llm_requests`).
 */
export function prometheusMetricName(otelName: string): string {
  const name = underscored(otelName);
  return name.startsWith('flywheel_') ? name : `flywheel_${name}`;
}

/** The Prometheus label of an attribute: the same mapping, no prefix (`gen_ai.request.model` → `gen_ai_request_model`). */
export function prometheusLabelName(attribute: string): string {
  const name = underscored(attribute);
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/**
 * `llm_health.json` (production-monitor) as Prometheus gauges, built afresh for one scrape
 * (the entries' names and attributes are whatever the file holds): each `metric_entries`
 * entry under its mapped name with its attributes as labels (the OpenTelemetry name and unit
 * in the HELP text), the level one-hot (`flywheel_llm_health_level{level}`: 1 for the level,
 * 0 for the other four, all 0 before the monitor has a level), the health score, and the
 * safety, cost and trend figures (`addSafetyCostGauges`). Nothing
 * when the file is missing or unusable. An entry whose mapped name `taken` says belongs to
 * another metric of the API is left out rather than break the scrape.
 */
export function llmHealthRegistry(read: StatusRead<'llm_health'>, taken: (name: string) => boolean = () => false): Registry {
  const registry = new Registry();
  if (read.state !== 'present') return registry;
  const status = read.data;
  const file = STATUS_FILES.llm_health.file;

  const level = new Gauge({
    name: LLM_HEALTH_LEVEL_METRIC,
    help: `Seed 000's monitoring level from ${file}: 1 for the current level, 0 for the others (all 0 before there is one)`,
    labelNames: ['level'],
    registers: [registry],
  });
  for (const name of MONITORING_LEVELS) level.set({ level: name }, status.level === name ? 1 : 0);
  // Registered only with a value: an unlabelled gauge would show 0, a score the monitor never gave.
  if (status.health_score !== null) {
    new Gauge({ name: LLM_HEALTH_SCORE_METRIC, help: `Health score 0-1 from ${file}`, registers: [registry] }).set(status.health_score);
  }

  const groups = new Map<string, MetricEntry[]>();
  for (const entry of status.metric_entries) {
    const name = prometheusMetricName(entry.name);
    if (name === LLM_HEALTH_LEVEL_METRIC || name === LLM_HEALTH_SCORE_METRIC || taken(name)) continue;
    groups.set(name, [...(groups.get(name) ?? []), entry]);
  }
  for (const [name, entries] of groups) {
    // One Prometheus metric per mapped name; its labels are every attribute any entry has.
    const labelNames = [...new Set(entries.flatMap((e) => Object.keys(e.attributes).map(prometheusLabelName)))];
    const origins = [...new Set(entries.map((e) => `${e.name} (unit ${e.unit})`))].join(', ');
    // Entries with a quantile attribute are a summary's samples (gen_ai.server.request.duration's p50, p99).
    const Family = labelNames.includes('quantile') ? QuantileGauge : Gauge;
    const gauge = new Family({ name, help: `OpenTelemetry ${origins}, from ${file} metric_entries`, labelNames, registers: [registry] });
    for (const entry of entries) {
      const labels: Record<string, string> = {};
      for (const [attribute, value] of Object.entries(entry.attributes)) labels[prometheusLabelName(attribute)] = String(value);
      gauge.set(labels, entry.value);
    }
  }
  addSafetyCostGauges(registry, status, (name) => taken(name) || groups.has(name));
  return registry;
}
