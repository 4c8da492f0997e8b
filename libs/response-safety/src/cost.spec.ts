import { describe, expect, it } from '@jest/globals';
import { windowCost } from './cost.js';

describe('cost of a window', () => {
  it('prices tokens per million and GPU-hours over the window, per model and in total (worked by hand)', () => {
    const requests = [
      { model: 'api', promptTokens: 1000, completionTokens: 200 },
      { model: 'api', promptTokens: 2000, completionTokens: 400 },
      { model: 'api', promptTokens: 3000, completionTokens: null },
      ...Array.from({ length: 4 }, () => ({ model: 'local', promptTokens: 500, completionTokens: 100 })),
      { model: 'unpriced', promptTokens: 10, completionTokens: 10 },
    ];
    const cost = windowCost(
      requests,
      { api: { per_million_prompt_tokens: 0.5, per_million_completion_tokens: 1.5 }, local: { per_gpu_hour: 2.4, gpus: 2 } },
      'EUR',
      600,
    );
    // api: prompt 1000 + 2000 + 3000 = 6000 → 6000 × 0.5 / 10⁶ = 0.003; completion 200 + 400 (+ none) = 600
    //      → 600 × 1.5 / 10⁶ = 0.0009; cost 0.0039 over 3 requests = 0.0013 each.
    expect(cost.by_model['api']).toEqual({ requests: 3, prompt_tokens: 6000, completion_tokens: 600, pricing: 'per_million_tokens', cost: expect.closeTo(0.0039, 12), cost_per_query: expect.closeTo(0.0013, 12) });
    // local: 600 s = 1/6 h × 2 GPUs × 2.4 = 0.8 over 4 requests = 0.2 each, whatever their tokens.
    expect(cost.by_model['local']).toEqual({ requests: 4, prompt_tokens: 2000, completion_tokens: 400, pricing: 'per_gpu_hour', cost: expect.closeTo(0.8, 12), cost_per_query: expect.closeTo(0.2, 12) });
    expect(cost.by_model['unpriced']).toEqual({ requests: 1, prompt_tokens: 10, completion_tokens: 10, pricing: null, cost: null, cost_per_query: null });
    // Total: 0.0039 + 0.8 = 0.8039 over the 7 priced requests = 0.114842857…; tokens over all 8.
    expect(cost).toMatchObject({ currency: 'EUR', requests: 8, prompt_tokens: 8010, completion_tokens: 1010 });
    expect(cost.total_cost).toBeCloseTo(0.8039, 12);
    expect(cost.cost_per_query).toBeCloseTo(0.114842857, 8);
  });

  it('takes one GPU when gpus is unset, and gives no total when nothing is priced', () => {
    // 1800 s = 0.5 h × 1 GPU × 3 = 1.5 over 3 requests = 0.5 each.
    const one = windowCost([1, 2, 3].map(() => ({ model: 'm', promptTokens: null, completionTokens: null })), { m: { per_gpu_hour: 3 } }, 'USD', 1800);
    expect([one.total_cost, one.cost_per_query]).toEqual([1.5, 0.5]);
    const none = windowCost([{ model: 'x', promptTokens: 5, completionTokens: 5 }], {}, 'USD', 600);
    expect([none.total_cost, none.cost_per_query, none.by_model['x']!.pricing]).toEqual([null, null, null]);
    expect(windowCost([], { m: { per_gpu_hour: 3 } }, 'USD', 600)).toEqual({ currency: 'USD', requests: 0, prompt_tokens: 0, completion_tokens: 0, total_cost: null, cost_per_query: null, by_model: {} });
  });
});
