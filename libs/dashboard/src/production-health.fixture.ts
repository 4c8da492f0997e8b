// llm_health.json as production-monitor would write it, with figures chosen and worked out by
// hand from seed 000's table (docs/production-monitor.md), so the health panel can be checked
// against numbers known in advance. Three passes: too little data, WARNING, then CRITICAL.
import type { StatusBody } from '@flywheel/contracts';

const GIB = 1024 ** 3;

/** Seed 000's default table, as the status carries it. */
const THRESHOLDS = {
  relevance: { direction: 'below', attention: 0.7, warning: 0.5, critical: 0.3 },
  accuracy: { direction: 'below', attention: 0.8, warning: 0.6, critical: 0.4 },
  response_time: { direction: 'above', attention: 3, warning: 5, critical: 10 },
  user_rating: { direction: 'below', attention: 4, warning: 3, critical: 2 },
  correction_frequency: { direction: 'above', attention: 0.2, warning: 0.3, critical: 0.5 },
} as const;

const percentiles = (p50: number | null, p95: number | null, p99: number | null, mean: number | null) => ({ p50, p95, p99, mean });

/**
 * The WARNING pass, 45 requests and 25 ratings in the 10-minute window. Metric scores
 * (anchors: ideal 1, attention 0.75, warning 0.5, critical 0.25, worst 0):
 * - response time p95 6 s: between 5 s (0.5) and 10 s (0.25): 0.5 − 0.25 × 1/5 = 0.45 → WARNING (> 5)
 * - user rating 3.6: between 4 (0.75) and 3 (0.5): 0.5 + 0.25 × 0.6 = 0.65 → ATTENTION (< 4)
 * - correction frequency 3/25 = 0.12: between 0 (1) and 0.2 (0.75): 1 − 0.25 × 0.6 = 0.85, no breach
 * Health = (0.45 + 0.65 + 0.85) / 3 = 0.65 → grade D (60 ≤ 65 < 70). Level: the worst breach, WARNING.
 * Driver: response time (lowest score); urgency 1 − 0.45 = 0.55; confidence min(1, 45/50) = 0.9.
 * Method: urgency 0.55 ≤ 0.8, confidence 0.9 > 0.8 → the "most effective" name, Transformer².
 * The trigger fires (WARNING, 0.9 ≥ 0.7, 0.55 ≥ 0.5, never fired before): cooldown 3600 s left.
 */
export const HEALTH_WARNING = {
  level: 'WARNING',
  health_score: 0.65,
  grade: 'D',
  window: { seconds: 600, start: '2026-11-25T10:50:00.000Z', end: '2026-11-25T11:00:00.000Z', requests: 45, ratings: 25 },
  metrics: {
    response_time_ms: percentiles(820, 6000, 7400, 1500),
    time_to_first_token_ms: percentiles(120, 300, 450, 150),
    tokens_per_second: percentiles(42.5, 61, 64, 40.25),
    error_rate: 0.0444,
    user_rating: 3.6,
    correction_frequency: 0.12,
    clarification_rate: 0.0222,
    unknown_query_rate: 0.0465,
    quality: { judged: 0, judge_errors: 0, relevance: null, accuracy: null, completeness: null, coherence: null, task_scores: {} },
    host: { memory_used_bytes: 6 * GIB, memory_total_bytes: 16 * GIB, memory_percent: 37.5, cpu_percent: 12.5, load_average_1m: 0.75, monitor_rss_bytes: 80_000_000 },
    by_skill: {
      arithmetic: { requests: 30, errors: 2, error_rate: 0.0667, ratings: 15, bad_ratings: 6, bad_rate: 0.4, task_score: null },
      syllogism: { requests: 15, errors: 0, error_rate: 0, ratings: 10, bad_ratings: 1, bad_rate: 0.1, task_score: null },
    },
  },
  metric_entries: [],
  thresholds: THRESHOLDS,
  breaches: [
    { metric: 'response_time', value: 6, threshold: 5, level: 'WARNING', score: 0.45, samples: 45 },
    { metric: 'user_rating', value: 3.6, threshold: 4, level: 'ATTENTION', score: 0.65, samples: 25 },
  ],
  recommendation: {
    action: 'fine_tune',
    confidence: 0.9,
    urgency: 0.55,
    driver: 'response_time',
    method: 'Transformer²',
    improvement_areas: ['reduce response time', 'improve user satisfaction', 'strengthen arithmetic'],
    weak_skills: [
      { skill: 'arithmetic', requests: 30, errors: 2, error_rate: 0.0667, ratings: 15, bad_ratings: 6, bad_rate: 0.4, task_score: null, reason: 'bad ratings 40% of 15 (above 30%)' },
    ],
    reason: 'WARNING: response time p95 6.00 s > 5 s; 45 requests behind it',
  },
  drift: {
    detected: true,
    reference: { seconds: 3600, start: '2026-11-25T09:50:00.000Z', end: '2026-11-25T10:50:00.000Z', requests: 180 },
    tests: [
      { feature: 'skill_mix', test: 'psi', statistic: 0.31, p_value: 0.0004, severity: 'significant', flagged: true, current_samples: 45, reference_samples: 180 },
      { feature: 'latency_ms', test: 'ks', statistic: 0.12, p_value: 0.41, severity: 'none', flagged: false, current_samples: 45, reference_samples: 180 },
    ],
  },
  fine_tune: {
    triggered: true,
    reason: 'fired: WARNING, confidence 0.90 ≥ 0.7, urgency 0.55 ≥ 0.5',
    last_triggered_at: '2026-11-25T11:00:00.000Z',
    cooldown_seconds: 3600,
    cooldown_remaining_seconds: 3600,
    auto_fine_tune: false,
    last: {
      at: '2026-11-25T11:00:00.000Z',
      level: 'WARNING',
      confidence: 0.9,
      urgency: 0.55,
      method: 'Transformer²',
      weak_skills: ['arithmetic'],
      command: null,
      exit_code: null,
      output_tail: null,
      skill_focus_file: 'status/skill_focus.json',
    },
  },
  ingest: { events_total: 225, feedback_total: 25, malformed_total: 0, last_event_id: '1764068400000-0', last_feedback_id: '1764068390000-0', problems: [] },
  errors: [],
} satisfies StatusBody<'llm_health'>;

/**
 * Ten minutes later: p95 12 s, between 10 s (0.25) and the worst, 20 s (0): 0.25 − 0.25 × 2/10 = 0.2
 * → CRITICAL (> 10). Health = (0.2 + 0.65 + 0.85) / 3 = 0.5667 → grade F (below 60).
 * Urgency 1 − 0.2 = 0.8 (not above 0.8: still the "most effective" method by confidence).
 * The trigger holds: it fired at 11:00, 3000 s of the 3600 s cooldown remain.
 */
export const HEALTH_CRITICAL = {
  ...HEALTH_WARNING,
  level: 'CRITICAL',
  health_score: 0.5667,
  grade: 'F',
  window: { ...HEALTH_WARNING.window, start: '2026-11-25T11:00:00.000Z', end: '2026-11-25T11:10:00.000Z' },
  metrics: { ...HEALTH_WARNING.metrics, response_time_ms: percentiles(2400, 12000, 15000, 4100) },
  breaches: [
    { metric: 'response_time', value: 12, threshold: 10, level: 'CRITICAL', score: 0.2, samples: 45 },
    { metric: 'user_rating', value: 3.6, threshold: 4, level: 'ATTENTION', score: 0.65, samples: 25 },
  ],
  recommendation: { ...HEALTH_WARNING.recommendation, urgency: 0.8, reason: 'CRITICAL: response time p95 12.00 s > 10 s; 45 requests behind it' },
  fine_tune: {
    ...HEALTH_WARNING.fine_tune,
    triggered: false,
    reason: 'cooldown: 3000 s of 3600 s left since 2026-11-25T11:00:00.000Z',
    cooldown_remaining_seconds: 3000,
  },
} satisfies StatusBody<'llm_health'>;

/** The first pass after start-up: 4 requests, below the 10 a metric needs to be judged. */
export const HEALTH_TOO_LITTLE = {
  ...HEALTH_WARNING,
  level: null,
  health_score: null,
  grade: null,
  window: { ...HEALTH_WARNING.window, requests: 4, ratings: 0 },
  breaches: [],
  recommendation: { action: 'none', confidence: 0, urgency: 0, driver: null, method: null, improvement_areas: [], weak_skills: [], reason: 'no metric has 10 observations yet' },
  drift: { ...HEALTH_WARNING.drift, detected: false, tests: [] },
  fine_tune: { ...HEALTH_WARNING.fine_tune, triggered: false, reason: 'no level yet', last_triggered_at: null, cooldown_remaining_seconds: 0, last: null },
} satisfies StatusBody<'llm_health'>;
