import { z } from 'zod';

/**
 * A metric's direction over a window, with the test behind the word: Mann–Kendall on the
 * metric's values in equal time buckets (oldest first), Theil–Sen slope for the size.
 * `improving`/`declining` already account for whether higher is better for the metric.
 */
export const TrendDirection = z.enum(['improving', 'stable', 'declining']);
export type TrendDirection = z.infer<typeof TrendDirection>;

export const MetricTrend = z.object({
  direction: TrendDirection,
  test: z.literal('mann-kendall'),
  /** Mann–Kendall S: Σ sign(x_j − x_i) over i < j. */
  statistic: z.number(),
  /** Two-sided p-value (normal approximation with the tie-corrected variance, continuity-corrected). */
  p_value: z.number().min(0).max(1),
  alpha: z.number().min(0).max(1),
  /** Theil–Sen slope per bucket, in the metric's unit; null with fewer than 2 points. */
  slope_per_bucket: z.number().nullable(),
  /** Buckets that had a value. */
  points: z.number().int().nonnegative(),
  /** True when higher values are better for this metric (ratings), false when lower are (latency). */
  higher_is_better: z.boolean(),
});
export type MetricTrend = z.infer<typeof MetricTrend>;
