import { z } from 'zod';

const count = z.number().int().nonnegative();
const share = z.number().min(0).max(1);
const money = z.number().nonnegative();

/** Kinds of personal data and secrets looked for in every response through the gateway (seed 001). */
export const PII_KINDS = ['email', 'phone', 'card', 'iban', 'ip_address', 'secret'] as const;
export const PiiKind = z.enum(PII_KINDS);
export type PiiKind = z.infer<typeof PiiKind>;

/** A scorer's share of flagged responses, with the scorer named (a library, or `llm-judge:<model>`). */
export const ScoredRate = z.object({
  rate: share.nullable(),
  flagged: count,
  scored: count,
  /** Which scorer produced the figure; null when none ran. */
  scorer: z.string().nullable(),
});

/** `llm_health.json` → `safety`: the current window's responses. */
export const SafetyFigures = z.object({
  responses_scanned: count,
  pii: z.object({
    responses_with_pii: count,
    rate: share.nullable(),
    /** Matches per kind (a response with two emails counts 2 under `email`). */
    by_kind: z.record(PiiKind, count),
    /** Whether logs and exports have PII replaced by `[REDACTED:<kind>]` (config `safety.redact`). */
    redacted_in_logs_and_exports: z.boolean(),
  }),
  toxicity: ScoredRate,
  refusal: ScoredRate,
});
export type SafetyFigures = z.infer<typeof SafetyFigures>;

export const PricingKind = z.enum(['per_million_tokens', 'per_gpu_hour']);

export const ModelCost = z.object({
  requests: count,
  prompt_tokens: count,
  completion_tokens: count,
  pricing: PricingKind.nullable(),
  /** Null when the model has no price in the table. */
  cost: money.nullable(),
  cost_per_query: money.nullable(),
});

/** `llm_health.json` → `cost`: tokens and money in the current window (seed 001's cost row). */
export const CostFigures = z.object({
  currency: z.string(),
  requests: count,
  prompt_tokens: count,
  completion_tokens: count,
  /** Sum over priced models; null when no model is priced. */
  total_cost: money.nullable(),
  cost_per_query: money.nullable(),
  by_model: z.record(z.string(), ModelCost),
  /** Mean GPU utilisation from the API's `/api/gpu` source; null when no GPU figure is available. */
  gpu_utilization_percent: z.number().min(0).max(100).nullable(),
  gpu_source: z.string().nullable(),
});
export type CostFigures = z.infer<typeof CostFigures>;
