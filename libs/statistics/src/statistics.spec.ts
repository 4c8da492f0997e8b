import { describe, expect, it } from '@jest/globals';
import { bestTemperature, calibration } from './calibration.js';
import { mcnemarExact } from './mcnemar.js';
import { normalCdf, normalQuantile } from './normal.js';
import { pairedBootstrapMeanDifference } from './paired-bootstrap.js';

describe('mcnemarExact', () => {
  it('is twice the binomial tail of the smaller discordant count', () => {
    // n = 6 discordant, min 1: P(X ≤ 1) = (1 + 6) / 64, two-sided 14/64.
    expect(mcnemarExact(1, 5)).toBeCloseTo(14 / 64, 12);
    expect(mcnemarExact(5, 1)).toBeCloseTo(14 / 64, 12);
    // 0 of 8: 2 / 256.
    expect(mcnemarExact(0, 8)).toBeCloseTo(2 / 256, 12);
    // 3 vs 3: 2 · 42/64 > 1, capped.
    expect(mcnemarExact(3, 3)).toBe(1);
    expect(mcnemarExact(0, 0)).toBe(1);
  });
});

describe('calibration', () => {
  it('bins, ECE and Brier from a small table', () => {
    const result = calibration([0.1, 0.3, 0.35, 0.9, 0.95], [false, true, false, true, true], 5);
    // bins: [0.1]→acc 0 (|0−.1|·1/5 = .02); [.3,.35]→acc .5, conf .325 (.175·2/5 = .07); [.9,.95]→acc 1, conf .925 (.075·2/5 = .03)
    expect(result.bins.map((b) => [b.range, b.count, b.accuracy])).toEqual([
      ['0.0-0.2', 1, 0], ['0.2-0.4', 2, 0.5], ['0.4-0.6', 0, null], ['0.6-0.8', 0, null], ['0.8-1.0', 2, 1],
    ]);
    expect(result.ece).toBeCloseTo(0.12, 12);
    // Brier: (.01 + .49 + .1225 + .01 + .0025) / 5 = .127
    expect(result.brier).toBeCloseTo(0.127, 12);
  });
  it('puts a confidence of exactly 1 in the last bin', () => {
    expect(calibration([1], [true], 5).bins[4]!.count).toBe(1);
  });
  it('finds the temperature that maps an over-confident 0.9 onto the 60% it achieves', () => {
    // All confidences 0.9, 6 of 10 right: the MLE makes σ(logit(.9)/T) = .6, T = 2.1972246 / 0.4054651 = 5.4190.
    const t = bestTemperature(Array(10).fill(0.9), [true, true, true, true, true, true, false, false, false, false]);
    expect(t).toBeCloseTo(Math.log(9) / Math.log(1.5), 4);
  });
});

describe('normal', () => {
  it('Φ and Φ⁻¹ at known points', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 7);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326347874, 7);
    expect(normalQuantile(0)).toBe(-Infinity);
  });
});

describe('pairedBootstrapMeanDifference', () => {
  it('has a zero-width interval when every example moved alike', () => {
    const result = pairedBootstrapMeanDifference([1, 1, 0, 1], [0.9, 0.9, -0.1, 0.9], 500);
    expect(result.estimate).toBeCloseTo(-0.1, 12);
    expect(result.interval[0]).toBeCloseTo(-0.1, 12);
    expect(result.interval[1]).toBeCloseTo(-0.1, 12);
    expect(result.pBelow).toBeCloseTo(1 / 501, 12);
  });
  it('is reproducible for a seed and brackets the estimate', () => {
    const base = [1, 0, 1, 1, 0, 1, 1, 1, 0, 1];
    const current = [0, 0, 1, 0, 0, 1, 1, 0, 0, 1];
    // 3 examples lost, none gained: −3/10.
    const a = pairedBootstrapMeanDifference(base, current, 2000, 7);
    expect(a).toEqual(pairedBootstrapMeanDifference(base, current, 2000, 7));
    expect(a.estimate).toBeCloseTo(-0.3, 12);
    expect(a.interval[0]).toBeLessThan(-0.3);
    expect(a.interval[1]).toBeLessThanOrEqual(0);
  });
});
