import { describe, expect, it } from '@jest/globals';
import { strategyMix } from './curriculum-strategies.js';
import { generateBatch, promptKey } from './generate-batch.js';

describe('generateBatch', () => {
  it("follows the strategy's difficulty mix (chi-squared goodness of fit)", () => {
    const mix = strategyMix('hard_first', { batchIndex: 0 });
    const batch = generateBatch({ strategy: 'hard_first', mix, size: 3000, seed: 11, mixedIn: [], pools: [], exclude: new Set() });
    expect(batch).toHaveLength(3000);
    const counts = { easy: 0, medium: 0, hard: 0 };
    for (const line of batch) counts[line.difficulty!]++;
    // χ² = Σ (observed − expected)² / expected with 2 degrees of freedom; 13.82 is the 0.1% point.
    const chi = (['easy', 'medium', 'hard'] as const).reduce((sum, d) => sum + (counts[d] - 3000 * mix[d]) ** 2 / (3000 * mix[d]), 0);
    expect(chi).toBeLessThan(13.82);
    // And grossly off mixes are rejected by the same statistic (the test can fail).
    const wrong = { easy: 1 / 3, medium: 1 / 3, hard: 1 / 3 };
    const chiWrong = (['easy', 'medium', 'hard'] as const).reduce((sum, d) => sum + (counts[d] - 3000 * wrong[d]) ** 2 / (3000 * wrong[d]), 0);
    expect(chiWrong).toBeGreaterThan(13.82);
  });

  it('mixes in adversarial and correction items up to their share, and never repeats an excluded prompt', () => {
    const adversarial = Array.from({ length: 50 }, (_, i) => ({ prompt: `hard ${i}`, golden: String(i), difficulty: 'hard' as const, skill: 'x', source: 'adversarial' }));
    const excluded = new Set([promptKey('hard 0'), promptKey('hard 1')]);
    const batch = generateBatch({ strategy: 'random_mix', mix: strategyMix('random_mix', { batchIndex: 0 }), size: 100, seed: 5, mixedIn: [{ items: adversarial, share: 0.1 }], pools: [], exclude: excluded });
    const prompts = batch.map((l) => l.messages[0]!.content);
    expect(batch.filter((l) => l.source === 'adversarial')).toHaveLength(10);
    expect(prompts).not.toContain('hard 0');
    expect(new Set(prompts.map(promptKey)).size).toBe(100);
    expect(batch[0]).toMatchObject({ strategy: 'random_mix', messages: [{ role: 'user' }, { role: 'assistant' }] });
  });

  it('moves easy_to_hard from easy towards hard, batch by batch', () => {
    const first = strategyMix('easy_to_hard', { batchIndex: 0 });
    expect([first.easy, first.medium, first.hard].map((x) => Math.round(x * 1e9) / 1e9)).toEqual([0.7, 0.2, 0.1]);
    const last = strategyMix('easy_to_hard', { batchIndex: 6 });
    expect(last.easy).toBeCloseTo(0.1, 12);
    expect(last.hard).toBeCloseTo(0.7, 12);
  });
});
