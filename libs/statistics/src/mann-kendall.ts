import { normalCdf } from './normal.js';

export interface MannKendall {
  /** Σ sign(x_j − x_i) over i < j. */
  s: number;
  /** Var(S) with the tie correction. */
  variance: number;
  /** Continuity-corrected normal score; 0 when S is 0 or there is no variance. */
  z: number;
  /** Two-sided p-value of "no monotonic trend". */
  pValue: number;
  /** Theil–Sen slope: the median of the pairwise slopes (per index step); null below 2 points. */
  slope: number | null;
  n: number;
}

function median(sorted: number[]): number {
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Mann–Kendall test for a monotonic trend in a series taken at equal steps (oldest first).
 * Rank-based, so one outlier bucket cannot make a trend, and no distribution is assumed;
 * the normal approximation is what hydrology and monitoring tools use from n ≈ 8 upwards,
 * and it is conservative below that (few buckets rarely reach significance).
 */
export function mannKendall(values: readonly number[]): MannKendall {
  const n = values.length;
  let s = 0;
  const slopes: number[] = [];
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const difference = values[j]! - values[i]!;
      s += Math.sign(difference);
      slopes.push(difference / (j - i));
    }
  }
  const tieGroups = new Map<number, number>();
  for (const value of values) tieGroups.set(value, (tieGroups.get(value) ?? 0) + 1);
  let tieTerm = 0;
  for (const t of tieGroups.values()) tieTerm += t * (t - 1) * (2 * t + 5);
  const variance = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  const z = variance <= 0 || s === 0 ? 0 : (s - Math.sign(s)) / Math.sqrt(variance);
  // z = 0 is exactly p = 1; the erf approximation would give 0.999999999.
  const pValue = z === 0 ? 1 : Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));
  slopes.sort((a, b) => a - b);
  return { s, variance, z, pValue, slope: slopes.length > 0 ? median(slopes) : null, n };
}

export type TrendWord = 'improving' | 'stable' | 'declining';

export interface SeriesTrend {
  direction: TrendWord;
  test: 'mann-kendall';
  statistic: number;
  p_value: number;
  alpha: number;
  slope_per_bucket: number | null;
  points: number;
  higher_is_better: boolean;
}

/**
 * The word for a metric's movement over equal time buckets (null buckets — no data — are
 * left out): `improving` or `declining` only when Mann–Kendall rejects "no trend" at
 * `alpha`, the sign read against whether higher is better for the metric; else `stable`.
 */
export function seriesTrend(buckets: readonly (number | null)[], higherIsBetter: boolean, alpha = 0.05): SeriesTrend {
  const values = buckets.filter((value): value is number => value !== null && Number.isFinite(value));
  const test = mannKendall(values);
  const rising = test.s > 0;
  const significant = test.pValue < alpha && test.s !== 0;
  const direction: TrendWord = !significant ? 'stable' : rising === higherIsBetter ? 'improving' : 'declining';
  return {
    direction,
    test: 'mann-kendall',
    statistic: test.s,
    p_value: test.pValue,
    alpha,
    slope_per_bucket: test.slope,
    points: values.length,
    higher_is_better: higherIsBetter,
  };
}
