import type { EvalRecord } from '@flywheel/contracts';
import { describe, expect, it } from '@jest/globals';
import { promotionTest } from './promotion-test.js';

const record = (exampleId: string, correct: boolean, over: Partial<EvalRecord> = {}): EvalRecord => ({
  exampleId, difficulty: 'easy', skill: 's', prediction: correct ? '4' : '5', correct, think: { present: false, closed: false, length: 0 },
  confidence: { unsupported: 'test' }, golden: { unsupported: 'test' }, outputTokens: 1, latencyMs: 1, backend: 'vllm:m', cacheKey: exampleId,
  ...over,
});
const checkpoint = (name: string, right: number, n = 100, over: (i: number) => Partial<EvalRecord> = () => ({})) => ({
  checkpoint: name,
  records: Array.from({ length: n }, (_, i) => record(`e${i}`, i < right, over(i))),
});
const accuracyOnly = { accuracy: 1, loss: 0, calibration: 0, quality: 0 };
const rules = { alpha: 0.05, minGain: 0, accuracyMarginPoints: 2, qualityMarginPoints: 2, eceMargin: 0.02 };
const options = { maxTokens: 8, bins: 5 };

describe('promotionTest', () => {
  it('promotes a challenger that is right on more of the same examples', () => {
    // Champion right on e0..e69, challenger on e0..e79: d = +1 on 10 examples, 0 on 90;
    // mean 0.1, sample sd √((10·0.81 + 90·0.01)/99) = √(9/99), se = 0.030151, z = 3.317 → p ≈ 4.5e-4.
    const result = promotionTest(checkpoint('c1', 70), checkpoint('c2', 80), accuracyOnly, rules, options);
    expect(result.difference).toBeCloseTo(0.1, 10);
    expect(result.lower_bound).toBeCloseTo(0.1 - 1.644854 * Math.sqrt(9 / 99 / 100), 4);
    expect(result.p_value).toBeCloseTo(4.55e-4, 5);
    expect(result).toMatchObject({ pass: true, champion: 'c1', challenger: 'c2', champion_score: 0.7, challenger_score: 0.8 });
    expect(result.guards.map((g) => [g.guard, g.pass])).toEqual([['accuracy', true], ['quality', true], ['calibration', true], ['score', true]]);
  });

  it('blocks a challenger whose calibration the suite shows worse (calibration guard)', () => {
    // 40 examples, e0..e19 right for both. Champion confidence = outcome: ECE 0 in every
    // resample. Challenger confidence 0.9 everywhere: ECE |0.5 − 0.9| = 0.4, above 0 in every
    // resample (p = 1/2001), far beyond the 0.02 margin.
    const champion = checkpoint('c1', 20, 40, (i) => ({ confidence: i < 20 ? 1 : 0 }));
    const challenger = checkpoint('c2', 20, 40, () => ({ confidence: 0.9 }));
    const guard = promotionTest(champion, challenger, accuracyOnly, rules, options).guards.find((g) => g.guard === 'calibration')!;
    expect(guard).toMatchObject({ pass: false, difference: 0.4, margin: 0.02 });
    expect(guard.test).toContain('paired bootstrap of the ECE rise');
    expect(guard.detail).toContain('p = 0.0005 for "not worse"');
  });

  it('does not let a champion with a lucky low ECE block challengers on one example (calibration guard)', () => {
    // As above, but the challenger differs from the champion on e0 alone (confidence 0, though
    // right): ECE 1/40 = 0.025, above the 0.02 margin, yet only the resamples that draw e0 show it
    // (1 − (39/40)^40 = 64%): not shown worse.
    const champion = checkpoint('c1', 20, 40, (i) => ({ confidence: i < 20 ? 1 : 0 }));
    const challenger = checkpoint('c2', 20, 40, (i) => ({ confidence: i === 0 ? 0 : i < 20 ? 1 : 0 }));
    const guard = promotionTest(champion, challenger, accuracyOnly, rules, options).guards.find((g) => g.guard === 'calibration')!;
    expect(guard).toMatchObject({ pass: true, difference: 0.025, bound: 0 });
    expect(guard.detail).toContain('higher by more than the margin, but not shown worse');
  });

  it('keeps the champion when the gain is within noise', () => {
    // 2 examples gained: mean 0.02, se = √((2·0.9604 + 98·0.0004)/99/100) = 0.01407, z = 1.42 → p ≈ 0.078 > 0.05.
    const result = promotionTest(checkpoint('c1', 70), checkpoint('c2', 72), accuracyOnly, rules, options);
    expect(result.pass).toBe(false);
    expect(result.p_value).toBeGreaterThan(0.05);
    expect(result.reason).toContain('not shown better');
  });

  it('refuses a gain in accuracy bought with answers cut off (quality guard)', () => {
    // Accuracy +10 points; but 20 of the challenger's answers run to max tokens (8): quality 1 → 0.8.
    const weights = { accuracy: 0.5, loss: 0, calibration: 0, quality: 0.5 };
    const result = promotionTest(checkpoint('c1', 70), checkpoint('c2', 80, 100, (i) => (i >= 80 ? { outputTokens: 8 } : {})), weights, rules, options);
    const quality = result.guards.find((g) => g.guard === 'quality')!;
    expect(quality.pass).toBe(false);
    expect(quality.difference).toBeCloseTo(-0.2, 10);
    expect(result.pass).toBe(false);
  });

  it('uses the golden loss when both have it', () => {
    // Same right/wrong; the challenger's golden answers are likelier on every example:
    // exp(−0.5) − exp(−1) = 0.23865 on each, no spread: certain.
    const loss = (nll: number) => () => ({ golden: { nll, tokens: 1, meanNll: nll, isGreedy: true } });
    const weights = { accuracy: 0, loss: 1, calibration: 0, quality: 0 };
    const result = promotionTest(checkpoint('c1', 70, 100, loss(1)), checkpoint('c2', 70, 100, loss(0.5)), weights, rules, options);
    expect(result.parts).toEqual(['exp(-golden loss)']);
    expect(result.difference).toBeCloseTo(Math.exp(-0.5) - Math.exp(-1), 4);
    expect(result.pass).toBe(true);
  });
});
