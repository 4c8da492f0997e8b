import { describe, expect, it } from '@jest/globals';
import { chiSquareSurvival, kolmogorovSurvival, ksTwoSample, logGamma } from './chi-square.js';

describe('distribution tails', () => {
  it('logGamma matches factorials and Γ(½) = √π', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
  });

  it('chi-square tail: textbook critical values give their alpha', () => {
    // χ²(1) ≥ 3.841 and χ²(3) ≥ 7.815 and χ²(9) ≥ 16.919 each have probability 0.05; χ²(2) tail is e^(−x/2).
    expect(chiSquareSurvival(3.841459, 1)).toBeCloseTo(0.05, 5);
    expect(chiSquareSurvival(7.814728, 3)).toBeCloseTo(0.05, 5);
    expect(chiSquareSurvival(16.918978, 9)).toBeCloseTo(0.05, 5);
    expect(chiSquareSurvival(4, 2)).toBeCloseTo(Math.exp(-2), 10);
    expect(chiSquareSurvival(0, 4)).toBe(1);
  });

  it('Kolmogorov tail: Q(1.358) = 0.05 and Q(1.628) = 0.01', () => {
    expect(kolmogorovSurvival(1.3581)).toBeCloseTo(0.05, 3);
    expect(kolmogorovSurvival(1.6276)).toBeCloseTo(0.01, 3);
    expect(kolmogorovSurvival(0.1)).toBe(1);
  });
});

describe('ksTwoSample', () => {
  it('D is the largest gap between the empirical CDFs, ties stepped together', () => {
    // a: 1 2 3 4; b: 3 4 5 6. After 2: F_a = 0.5, F_b = 0 → D = 0.5.
    expect(ksTwoSample([1, 2, 3, 4], [3, 4, 5, 6]).statistic).toBe(0.5);
    expect(ksTwoSample([1, 1, 2], [1, 1, 2]).statistic).toBe(0);
    expect(ksTwoSample([1, 2], [3, 4]).statistic).toBe(1);
  });

  it('p-value: D = 0.2 with 100 and 100 values is λ = (√50 + 0.12 + 0.11/√50)·0.2 = 1.4415 → 0.0314', () => {
    const a = Array.from({ length: 100 }, (_, i) => i);
    const b = Array.from({ length: 100 }, (_, i) => i + 20);
    const { statistic, pValue } = ksTwoSample(a, b);
    expect(statistic).toBeCloseTo(0.2, 10);
    expect(pValue).toBeCloseTo(kolmogorovSurvival((Math.sqrt(50) + 0.12 + 0.11 / Math.sqrt(50)) * 0.2), 10);
    expect(pValue).toBeCloseTo(0.0314, 3);
  });
});
