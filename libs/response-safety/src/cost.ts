/** A model's price per million tokens (API-priced models). */
export interface TokenPrice {
  per_million_prompt_tokens: number;
  per_million_completion_tokens: number;
}

/** A self-hosted model's price: what its GPUs cost per hour each, and how many serve it (default 1). */
export interface GpuHourPrice {
  per_gpu_hour: number;
  gpus?: number;
}

export type ModelPrice = TokenPrice | GpuHourPrice;

/** What cost needs of one request. */
export interface CostedRequest {
  model: string;
  promptTokens: number | null;
  completionTokens: number | null;
}

export interface ModelCostFigures {
  requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  pricing: 'per_million_tokens' | 'per_gpu_hour' | null;
  cost: number | null;
  cost_per_query: number | null;
}

export interface WindowCost {
  currency: string;
  requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  total_cost: number | null;
  cost_per_query: number | null;
  by_model: Record<string, ModelCostFigures>;
}

const isGpuPrice = (price: ModelPrice): price is GpuHourPrice => 'per_gpu_hour' in price;

/**
 * Tokens and money of one window's requests, per model and in total:
 * - per million tokens: cost = prompt tokens × prompt price / 10⁶ + completion tokens × completion price / 10⁶
 *   (a request without token counts adds none);
 * - per GPU-hour: cost = window hours × gpus × price per GPU-hour, the whole window's GPU time
 *   charged to the model's requests in it (the GPUs cost the same busy or idle);
 * - cost per query = cost / the model's requests; in total, the priced models' cost / their requests.
 * A model without a price has `cost: null` and is left out of the totals; `total_cost` is null
 * when no model in the window is priced.
 */
export function windowCost(requests: readonly CostedRequest[], prices: Readonly<Record<string, ModelPrice>>, currency: string, windowSeconds: number): WindowCost {
  const byModel = new Map<string, { requests: number; prompt: number; completion: number }>();
  for (const r of requests) {
    let m = byModel.get(r.model);
    if (!m) byModel.set(r.model, (m = { requests: 0, prompt: 0, completion: 0 }));
    m.requests += 1;
    m.prompt += r.promptTokens ?? 0;
    m.completion += r.completionTokens ?? 0;
  }
  const by_model: Record<string, ModelCostFigures> = {};
  let total = 0;
  let pricedRequests = 0;
  let anyPriced = false;
  let prompt = 0;
  let completion = 0;
  for (const [model, m] of [...byModel].sort(([a], [b]) => a.localeCompare(b))) {
    prompt += m.prompt;
    completion += m.completion;
    const price = Object.hasOwn(prices, model) ? prices[model] : undefined;
    let cost: number | null = null;
    if (price && isGpuPrice(price)) cost = (windowSeconds / 3600) * (price.gpus ?? 1) * price.per_gpu_hour;
    else if (price) cost = (m.prompt * price.per_million_prompt_tokens + m.completion * price.per_million_completion_tokens) / 1e6;
    if (cost !== null) {
      anyPriced = true;
      total += cost;
      pricedRequests += m.requests;
    }
    by_model[model] = {
      requests: m.requests,
      prompt_tokens: m.prompt,
      completion_tokens: m.completion,
      pricing: price ? (isGpuPrice(price) ? 'per_gpu_hour' : 'per_million_tokens') : null,
      cost,
      cost_per_query: cost === null ? null : cost / m.requests,
    };
  }
  return {
    currency,
    requests: requests.length,
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_cost: anyPriced ? total : null,
    cost_per_query: anyPriced && pricedRequests > 0 ? total / pricedRequests : null,
    by_model,
  };
}
