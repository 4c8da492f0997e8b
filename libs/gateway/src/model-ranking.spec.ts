import { describe, expect, it } from '@jest/globals';
import { modelsToTry, rankingCriterion, rankModels, smoothedCreativity, smoothedFeedback } from './model-ranking.js';
import { createPerformanceTracker } from './performance-tracker.js';
import type { Upstream } from './upstreams.js';

const HOUR = 3_600_000;
const upstreams: Upstream[] = [
  { name: 'deployed', baseUrl: 'http://a' },
  { name: 'base', baseUrl: 'http://b', costPerMillionTokens: 0.2 },
  { name: 'cloud', baseUrl: 'http://c', costPerMillionTokens: 3 },
];

function tracker() {
  const clock = { now: 0 };
  return { clock, tracker: createPerformanceTracker({ policy: { failures: 3, baseMs: HOUR }, now: () => clock.now }) };
}

describe('model ranking', () => {
  it('keeps the configured order while nothing is known', () => {
    const { tracker: t } = tracker();
    for (const criterion of ['speed', 'accuracy'] as const) {
      expect(rankModels(t, upstreams, criterion, 'chat').map((r) => r.model)).toEqual(['deployed', 'base', 'cloud']);
    }
  });

  it('speed: lowest p50 first, models without data after, in configured order', () => {
    const { tracker: t } = tracker();
    for (const ms of [200, 210, 220]) t.recordAttempt({ model: 'cloud', kind: 'chat', outcome: 'success', latencyMs: ms });
    for (const ms of [50, 60, 70]) t.recordAttempt({ model: 'base', kind: 'chat', outcome: 'success', latencyMs: ms });
    // A fast completion model says nothing about chat.
    t.recordAttempt({ model: 'deployed', kind: 'completion', outcome: 'success', latencyMs: 1 });
    expect(rankModels(t, upstreams, 'speed', 'chat').map((r) => r.model)).toEqual(['base', 'cloud', 'deployed']);
    expect(rankModels(t, upstreams, 'speed', 'completion').map((r) => r.model)).toEqual(['deployed', 'base', 'cloud']);
  });

  it('accuracy: success rate × smoothed feedback', () => {
    const { tracker: t } = tracker();
    // deployed: 4/4 answered, rated bad twice → 1 × (0 + 1) / (2 + 2) = 0.25
    // base: 3/4 answered, unrated → 0.75 × 0.5 = 0.375; cloud: 1/1, rated good → 1 × 2/3
    for (let i = 0; i < 4; i++) t.recordAttempt({ model: 'deployed', kind: 'chat', outcome: 'success', latencyMs: 1 });
    t.recordFeedback({ model: 'deployed', request_id: null, score: 0, rating: 'bad', corrected: false });
    t.recordFeedback({ model: 'deployed', request_id: null, score: 0, rating: 'bad', corrected: false });
    for (const outcome of ['success', 'success', 'success', 'failure'] as const) t.recordAttempt({ model: 'base', kind: 'chat', outcome, latencyMs: 1 });
    t.recordAttempt({ model: 'cloud', kind: 'chat', outcome: 'success', latencyMs: 1 });
    t.recordFeedback({ model: 'cloud', request_id: null, score: 1, rating: 'good', corrected: false });
    const ranked = rankModels(t, upstreams, 'accuracy', 'chat');
    expect(ranked.map((r) => [r.model, r.score])).toEqual([['cloud', 2 / 3], ['base', 0.375], ['deployed', 0.25]]);
    expect(smoothedFeedback(0, null)).toBe(0.5);
  });

  it('cost: cheapest first, an unpriced (self-hosted) server counting 0', () => {
    const { tracker: t } = tracker();
    expect(rankModels(t, upstreams, 'cost', 'chat').map((r) => [r.model, r.score])).toEqual([['deployed', 0], ['base', 0.2], ['cloud', 3]]);
  });

  it('cost: a price from cost.prices, blended by the tokens the upstream served', () => {
    const { tracker: t } = tracker();
    const priced: Upstream[] = [
      { name: 'api', baseUrl: 'http://a', tokenPrice: { per_million_prompt_tokens: 1, per_million_completion_tokens: 3 } },
      { name: 'base', baseUrl: 'http://b', costPerMillionTokens: 1.8 },
    ];
    // Nothing served yet: the mean of the two prices, (1 + 3) / 2 = 2, above base's 1.8.
    expect(rankModels(t, priced, 'cost', 'chat').map((r) => [r.model, r.score])).toEqual([['base', 1.8], ['api', 2]]);
    // 300 prompt and 100 completion tokens: (300 · 1 + 100 · 3) / 400 = 1.5, now the cheaper.
    t.recordAttempt({ model: 'api', kind: 'chat', outcome: 'success', latencyMs: 5, promptTokens: 300, completionTokens: 100 });
    expect(rankModels(t, priced, 'cost', 'chat').map((r) => [r.model, r.score])).toEqual([['api', 1.5], ['base', 1.8]]);
  });

  it('creativity: mean creativity rating with two ratings of 3 added, unrated models at 3', () => {
    const { tracker: t } = tracker();
    const rate = (model: string, creativity: number | undefined, relevance?: number) =>
      t.recordFeedback({ model, request_id: null, score: 0.5, rating: 'good', corrected: false, dimensions: { creativity, relevance } });
    // deployed: one 5 → (5 + 3 + 3) / 3 = 11/3; base: 4, 4, 4, 4 → (16 + 6) / 6 = 11/3 as well (tie: configured order);
    // cloud: 1, 2 → (3 + 6) / 4 = 2.25. A relevance-only rating is no creativity rating.
    rate('deployed', 5);
    for (let i = 0; i < 4; i++) rate('base', 4);
    rate('cloud', 1);
    rate('cloud', 2);
    rate('cloud', undefined, 5);
    expect(rankModels(t, upstreams, 'creativity', 'chat').map((r) => [r.model, r.score])).toEqual([['deployed', 11 / 3], ['base', 11 / 3], ['cloud', 2.25]]);
    // One more 5 for base: (21 + 6) / 7 = 27/7 ≈ 3.857 > 11/3 ≈ 3.667.
    rate('base', 5);
    expect(rankModels(t, upstreams, 'creativity', 'chat').map((r) => r.model)).toEqual(['base', 'deployed', 'cloud']);
    expect(smoothedCreativity(0, null)).toBe(3);
  });

  it('creativity puts a model nobody rated (3) above one rated low and below one rated high', () => {
    const { tracker: t } = tracker();
    t.recordFeedback({ model: 'deployed', request_id: null, score: 0, rating: 'bad', corrected: false, dimensions: { creativity: 1 } });
    t.recordFeedback({ model: 'cloud', request_id: null, score: 1, rating: 'good', corrected: false, dimensions: { creativity: 5 } });
    // deployed (1 + 6) / 3 = 2.33, base 3, cloud (5 + 6) / 3 = 3.67
    expect(rankModels(t, upstreams, 'creativity', 'chat').map((r) => r.model)).toEqual(['cloud', 'base', 'deployed']);
  });

  it('continuity ranks the rest by the configured criterion, by speed when that is continuity too', () => {
    expect(rankingCriterion('continuity', 'cost')).toBe('cost');
    expect(rankingCriterion('continuity', 'continuity')).toBe('speed');
    expect(rankingCriterion('creativity', 'cost')).toBe('creativity');
    const { tracker: t } = tracker();
    // The conversation's model (cloud, the dearest) first, then the cost ranking.
    expect(modelsToTry(t, upstreams, rankingCriterion('continuity', 'cost'), 'chat', 'cloud', 3)).toEqual(['cloud', 'deployed', 'base']);
  });

  it('tries the named model first, skips blacklisted ones, stops at maxAttempts', () => {
    const { clock, tracker: t } = tracker();
    expect(modelsToTry(t, upstreams, 'speed', 'chat', 'cloud', 3)).toEqual(['cloud', 'deployed', 'base']);
    expect(modelsToTry(t, upstreams, 'speed', 'chat', 'not-a-model', 2)).toEqual(['deployed', 'base']);
    for (let i = 0; i < 3; i++) t.recordAttempt({ model: 'deployed', kind: 'chat', outcome: 'failure', latencyMs: 1 });
    expect(modelsToTry(t, upstreams, 'speed', 'chat', 'deployed', 3)).toEqual(['base', 'cloud']);
    clock.now += HOUR;
    expect(modelsToTry(t, upstreams, 'speed', 'chat', undefined, 3)).toEqual(['deployed', 'base', 'cloud']);
  });

  it('tries blacklisted models, soonest back first, when every model is blacklisted', () => {
    const { clock, tracker: t } = tracker();
    for (const model of ['cloud', 'deployed', 'base']) {
      for (let i = 0; i < 3; i++) t.recordAttempt({ model, kind: 'chat', outcome: 'failure', latencyMs: 1 });
      clock.now += 1000;
    }
    expect(modelsToTry(t, upstreams, 'speed', 'chat', undefined, 2)).toEqual(['cloud', 'deployed']);
  });
});
