import { describe, expect, it } from '@jest/globals';
import { mannKendall, seriesTrend } from './mann-kendall.js';
import { normalCdf } from './normal.js';

describe('Mann–Kendall', () => {
  it('a strictly rising series of 5: S = 10 (all 10 pairs rise), Var = 5·4·15/18, slope 1', () => {
    const test = mannKendall([1, 2, 3, 4, 5]);
    expect(test.s).toBe(10);
    expect(test.variance).toBeCloseTo(300 / 18, 12);
    expect(test.z).toBeCloseTo(9 / Math.sqrt(300 / 18), 12); // 2.2045
    expect(test.pValue).toBeCloseTo(0.0275, 3);
    expect(test.slope).toBe(1);
  });

  it('[3, 1, 2]: pairs −, −, + give S = −1, so z = 0 and p = 1; slopes −2, −0.5, 1 → median −0.5', () => {
    const test = mannKendall([3, 1, 2]);
    expect(test.s).toBe(-1);
    expect(test.variance).toBeCloseTo((3 * 2 * 11) / 18, 12);
    expect(test.z).toBe(0);
    expect(test.pValue).toBe(1);
    expect(test.slope).toBe(-0.5);
  });

  it('ties shrink the variance: [1, 1, 2, 2] has S = 4 and Var = (4·3·13 − 2·(2·1·9))/18 = 120/18', () => {
    const test = mannKendall([1, 1, 2, 2]);
    expect(test.s).toBe(4);
    expect(test.variance).toBeCloseTo(120 / 18, 12);
    expect(test.z).toBeCloseTo(3 / Math.sqrt(120 / 18), 12);
    expect(test.pValue).toBeCloseTo(2 * (1 - normalCdf(3 / Math.sqrt(120 / 18))), 12); // ≈ 0.245
  });

  it('a constant series has no variance and p = 1; one point has no slope', () => {
    expect(mannKendall([4, 4, 4]).pValue).toBe(1);
    expect(mannKendall([4]).slope).toBeNull();
  });
});

describe('seriesTrend', () => {
  const rising = [0.1, 0.2, 0.25, 0.4, 0.5, 0.55, 0.7, 0.8];

  it('reads a significant rise as improving when higher is better and declining when lower is', () => {
    // 8 strictly rising points: S = 28, Var = 8·7·21/18 = 65.33, z = 27/8.08 = 3.34, p ≈ 0.0008.
    expect(seriesTrend(rising, true)).toMatchObject({ direction: 'improving', statistic: 28, points: 8 });
    expect(seriesTrend(rising, false).direction).toBe('declining');
    expect(seriesTrend(rising, true).p_value).toBeCloseTo(2 * (1 - normalCdf(27 / Math.sqrt((8 * 7 * 21) / 18))), 12);
  });

  it('is stable when the test does not reject, and leaves empty buckets out', () => {
    // [1, null, 3, 2]: values 1, 3, 2 → S = +1 +1 −1 = 1 → z = 0 → stable.
    expect(seriesTrend([1, null, 3, 2], true)).toMatchObject({ direction: 'stable', statistic: 1, points: 3, p_value: 1 });
    // 4 strictly falling points: S = −6, Var = 4·3·13/18 = 8.67, z = −5/2.94 = −1.70, p ≈ 0.089 > 0.05 → stable.
    expect(seriesTrend([4, 3, 2, 1], false).direction).toBe('stable');
    expect(seriesTrend([4, 3, 2, 1], false, 0.1).direction).toBe('improving');
  });
});
