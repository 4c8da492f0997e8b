import type { MetricEntry, StatusBody } from '@flywheel/contracts';

const percentiles = { p50: null, p95: null, p99: null, mean: null };
const threshold = (direction: 'below' | 'above', attention: number, warning: number, critical: number) => ({ direction, attention, warning, critical });

/** A valid `llm_health.json` body (test data) with the given level, score and metric entries; the rest is empty-window filler. */
export function llmHealthBody(fields: Pick<StatusBody<'llm_health'>, 'level' | 'health_score'> & { metric_entries: MetricEntry[] }): StatusBody<'llm_health'> {
  const start = '2026-11-25T09:55:00.000Z';
  const end = '2026-11-25T10:00:00.000Z';
  return {
    level: fields.level,
    health_score: fields.health_score,
    grade: null,
    window: { seconds: 300, start, end, requests: 0, ratings: 0 },
    metrics: {
      response_time_ms: percentiles,
      time_to_first_token_ms: percentiles,
      tokens_per_second: percentiles,
      error_rate: null,
      user_rating: null,
      correction_frequency: null,
      clarification_rate: null,
      unknown_query_rate: null,
      quality: { judged: 0, judge_errors: 0, relevance: null, accuracy: null, completeness: null, coherence: null, task_scores: {} },
      host: { memory_used_bytes: 1, memory_total_bytes: 2, memory_percent: 50, cpu_percent: null, load_average_1m: 0, monitor_rss_bytes: 1 },
      by_skill: {},
    },
    metric_entries: fields.metric_entries,
    thresholds: {
      relevance: threshold('below', 0.8, 0.7, 0.6),
      accuracy: threshold('below', 0.85, 0.75, 0.65),
      response_time: threshold('above', 2, 4, 8),
      user_rating: threshold('below', 4, 3.5, 3),
      correction_frequency: threshold('above', 0.1, 0.2, 0.3),
    },
    breaches: [],
    recommendation: { action: 'none', confidence: 0, urgency: 0, driver: null, method: null, improvement_areas: [], weak_skills: [], reason: 'test data' },
    drift: { detected: false, reference: { seconds: 3600, start, end, requests: 0 }, tests: [] },
    fine_tune: {
      triggered: false, reason: 'test data', last_triggered_at: null, cooldown_seconds: 3600, cooldown_remaining_seconds: 0, auto_fine_tune: false, last: null,
    },
    ingest: { events_total: 0, feedback_total: 0, malformed_total: 0, last_event_id: null, last_feedback_id: null, problems: [] },
    errors: [],
  };
}
