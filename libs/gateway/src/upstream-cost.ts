import type { PerformanceTracker } from './performance-tracker.js';
import type { Upstream } from './upstreams.js';

/** Where an upstream's cost per million tokens comes from. */
export type CostSource = 'gateway.upstreams' | 'cost.prices' | 'unpriced';

/**
 * An upstream's cost per million tokens, as the "cost" criterion ranks by it: its own
 * `costPerMillionTokens` when configured; else its per-token price in `cost.prices` (the
 * monitor's price list), blended by the prompt and completion tokens it has served (the mean of
 * the two prices before it has served any); else 0 — a self-hosted server (unpriced, or priced
 * per GPU-hour: the GPUs cost the same busy or idle, so a request adds nothing).
 */
export function upstreamCost(upstream: Upstream, tracker: Pick<PerformanceTracker, 'stats'>): { perMillionTokens: number; source: CostSource } {
  if (upstream.costPerMillionTokens !== undefined) return { perMillionTokens: upstream.costPerMillionTokens, source: 'gateway.upstreams' };
  const price = upstream.tokenPrice;
  if (!price) return { perMillionTokens: 0, source: 'unpriced' };
  const { promptTokens, completionTokens } = tracker.stats(upstream.name);
  const tokens = promptTokens + completionTokens;
  const perMillionTokens = tokens > 0
    ? (promptTokens * price.per_million_prompt_tokens + completionTokens * price.per_million_completion_tokens) / tokens
    : (price.per_million_prompt_tokens + price.per_million_completion_tokens) / 2;
  return { perMillionTokens, source: 'cost.prices' };
}
