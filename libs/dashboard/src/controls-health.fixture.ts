// llm_health.json passes for the controls test: seed 000's WARNING pass (production-health
// fixture) with hand-made trends, safety and cost figures, and the monitor's record of a
// manual fine-tune run. Every figure the page shows is worked out here by hand.
import type { StatusBody } from '@flywheel/contracts';
import { HEALTH_WARNING } from './production-health.fixture.js';

type Health = StatusBody<'llm_health'>;
type Trend = NonNullable<Health['trends']>[string];

const trend = (direction: Trend['direction'], statistic: number, p_value: number, slope: number, higher_is_better: boolean): Trend => ({
  direction, test: 'mann-kendall', statistic, p_value, alpha: 0.05, slope_per_bucket: slope, points: 12, higher_is_better,
});

/**
 * Latency rising (p95 and p99: declining, lower is better), ratings rising (improving), error
 * rate and p50 without a trend (stable: p above α), memory use rising (declining).
 */
export const TRENDS: Record<string, Trend> = {
  'response_time_ms.p50': trend('stable', 6, 0.53, 4, false),
  'response_time_ms.p95': trend('declining', 40, 0.0042, 310, false),
  'response_time_ms.p99': trend('declining', 36, 0.009, 420, false),
  user_rating: trend('improving', 30, 0.012, 0.05, true),
  error_rate: trend('stable', -4, 0.41, 0, false),
  'host.memory_percent': trend('declining', 50, 0.0002, 0.4, false),
};

/**
 * 40 responses scanned: 3 with personal data (3/40 = 7.5%), 2 emails + 1 card + 1 secret
 * found; toxicity 1 of 40 (2.5%) by an LLM judge, refusals 2 of 40 (5.0%) by a library.
 */
export const SAFETY: NonNullable<Health['safety']> = {
  responses_scanned: 40,
  pii: { responses_with_pii: 3, rate: 0.075, by_kind: { email: 2, phone: 0, card: 1, iban: 0, ip_address: 0, secret: 1 }, redacted_in_logs_and_exports: true },
  toxicity: { rate: 0.025, flagged: 1, scored: 40, scorer: 'llm-judge:checkpoint-300' },
  refusal: { rate: 0.05, flagged: 2, scored: 40, scorer: 'refusal-patterns' },
};

/**
 * checkpoint-300 at 0.50 USD per million prompt tokens and 1.50 per million completion
 * tokens: 12,000 × 0.5 / 1e6 + 8,000 × 1.5 / 1e6 = 0.006 + 0.012 = 0.018 USD for 40 requests,
 * 0.018 / 40 = 0.00045 per query. fallback has no price: its 5 requests cost nothing known.
 * Priced total 0.018; per query over the 40 priced requests 0.00045.
 */
export const COST: NonNullable<Health['cost']> = {
  currency: 'USD',
  requests: 45,
  prompt_tokens: 13_500,
  completion_tokens: 9_000,
  total_cost: 0.018,
  cost_per_query: 0.00045,
  by_model: {
    'checkpoint-300': { requests: 40, prompt_tokens: 12_000, completion_tokens: 8_000, pricing: 'per_million_tokens', cost: 0.018, cost_per_query: 0.00045 },
    fallback: { requests: 5, prompt_tokens: 1_500, completion_tokens: 1_000, pricing: null, cost: null, cost_per_query: null },
  },
  gpu_utilization_percent: 63.5,
  gpu_source: 'nvidia-smi',
};

/** The WARNING pass with no switch set (so `auto_fine_tune` false is the config's value), no safety/cost/trends. */
export const HEALTH_PLAIN: Health = { ...HEALTH_WARNING, fine_tune: { ...HEALTH_WARNING.fine_tune, control: null, manual_last: null } };

/** The same pass with trends, safety and cost. */
export const HEALTH_FULL: Health = { ...HEALTH_PLAIN, trends: TRENDS, safety: SAFETY, cost: COST };

/** The monitor's next pass: it obeyed the switch and ran manual request `id`, 5 s after it was asked for. */
export function healthAfterManualRun(id: string, requestedAt: string, control: NonNullable<Health['fine_tune']['control']>): Health {
  return {
    ...HEALTH_FULL,
    fine_tune: {
      ...HEALTH_FULL.fine_tune,
      auto_fine_tune: control.auto_fine_tune,
      control,
      manual_last: {
        id,
        requested_by: 'alice',
        requested_at: requestedAt,
        ran_at: new Date(Date.parse(requestedAt) + 5_000).toISOString(),
        reason: 'ratings fell',
        command: ['bash', 'scripts/fine-tune.sh', '--method', 'Transformer²'],
        exit_code: 0,
        output_tail: 'adapter saved to checkpoints/ft-1',
      },
    },
  };
}
