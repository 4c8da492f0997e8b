import type { MetricTrend } from '@flywheel/contracts';
import type { CostConfig } from '@flywheel/config';
import { windowCost, safetyFigures } from '@flywheel/response-safety';
import { seriesTrend } from '@flywheel/statistics';
import type { RatingSample, RequestSample } from './samples.js';
import { timeBuckets } from './time-buckets.js';
import { windowMetrics, type WindowMetrics } from './window-metrics.js';
import { priceTable } from './window-safety-cost.js';

interface BucketFigures {
  metrics: WindowMetrics;
  piiRate: number | null;
  toxicityRate: number | null;
  refusalRate: number | null;
  costPerQuery: number | null;
}

/** The metrics given a trend, by the dotted name `trends` uses, with whether higher is better. */
export const TREND_METRICS: readonly { key: string; higherIsBetter: boolean; value: (b: BucketFigures) => number | null }[] = [
  { key: 'response_time_ms.p50', higherIsBetter: false, value: (b) => b.metrics.response_time_ms.p50 },
  { key: 'response_time_ms.p95', higherIsBetter: false, value: (b) => b.metrics.response_time_ms.p95 },
  { key: 'time_to_first_token_ms.p95', higherIsBetter: false, value: (b) => b.metrics.time_to_first_token_ms.p95 },
  { key: 'tokens_per_second.p50', higherIsBetter: true, value: (b) => b.metrics.tokens_per_second.p50 },
  { key: 'error_rate', higherIsBetter: false, value: (b) => b.metrics.error_rate },
  { key: 'user_rating', higherIsBetter: true, value: (b) => b.metrics.user_rating },
  { key: 'correction_frequency', higherIsBetter: false, value: (b) => b.metrics.correction_frequency },
  { key: 'clarification_rate', higherIsBetter: false, value: (b) => b.metrics.clarification_rate },
  { key: 'unknown_query_rate', higherIsBetter: false, value: (b) => b.metrics.unknown_query_rate },
  { key: 'quality.relevance', higherIsBetter: true, value: (b) => b.metrics.quality.relevance },
  { key: 'quality.accuracy', higherIsBetter: true, value: (b) => b.metrics.quality.accuracy },
  { key: 'quality.completeness', higherIsBetter: true, value: (b) => b.metrics.quality.completeness },
  { key: 'quality.coherence', higherIsBetter: true, value: (b) => b.metrics.quality.coherence },
  { key: 'safety.pii.rate', higherIsBetter: false, value: (b) => b.piiRate },
  { key: 'safety.toxicity.rate', higherIsBetter: false, value: (b) => b.toxicityRate },
  { key: 'safety.refusal.rate', higherIsBetter: false, value: (b) => b.refusalRate },
  { key: 'cost.cost_per_query', higherIsBetter: false, value: (b) => b.costPerQuery },
];

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * Each metric's direction over the window: the window (`startMs`, `endMs`] cut into `buckets`
 * equal time buckets (the same half-open rule as the window), the metric computed per bucket as
 * for the whole window, and Mann–Kendall over the buckets that have a value (`seriesTrend`).
 * Metrics with fewer than 2 such buckets are left out.
 */
export function windowTrends(
  requests: readonly RequestSample[],
  ratings: readonly RatingSample[],
  options: { startMs: number; endMs: number; buckets: number; alpha: number; cost?: CostConfig },
): Record<string, MetricTrend> {
  const { startMs, endMs, buckets } = options;
  const width = (endMs - startMs) / buckets;
  const { requests: requestBuckets, ratings: ratingBuckets } = timeBuckets(requests, ratings, { startMs, endMs, widthMs: width, buckets });
  const prices = options.cost ? priceTable(options.cost) : {};
  const figures: BucketFigures[] = requestBuckets.map((bucket, i) => {
    const answered = bucket.filter((r) => r.ok);
    const safety = safetyFigures(answered, { toxicity: null, refusal: null }, false);
    return {
      metrics: windowMetrics(bucket, ratingBuckets[i]!),
      piiRate: safety.pii.rate,
      toxicityRate: safety.toxicity.rate,
      refusalRate: safety.refusal.rate,
      costPerQuery: options.cost ? windowCost(bucket, prices, options.cost.currency, width / 1000).cost_per_query : null,
    };
  });
  const trends: Record<string, MetricTrend> = {};
  for (const metric of TREND_METRICS) {
    const trend = seriesTrend(figures.map(metric.value), metric.higherIsBetter, options.alpha);
    if (trend.points < 2) continue;
    trends[metric.key] = { ...trend, p_value: round6(trend.p_value), slope_per_bucket: trend.slope_per_bucket === null ? null : round6(trend.slope_per_bucket) };
  }
  return trends;
}
