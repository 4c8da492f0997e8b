import type { ReportTrend } from '@flywheel/contracts';
import { round, timeBuckets, windowMetrics, type RatingSample, type RequestSample, type WindowMetrics } from '@flywheel/production-monitor';
import { seriesTrend } from '@flywheel/statistics';

interface TrendedMetric {
  metric: string;
  label: string;
  unit: string;
  higherIsBetter: boolean;
  /** The metric of one bucket's own samples; null when the bucket has none behind it. */
  value: (m: WindowMetrics) => number | null;
}

const TRENDED: readonly TrendedMetric[] = [
  { metric: 'response_time_p95', label: 'response time p95', unit: 's', higherIsBetter: false, value: (m) => (m.response_time_ms.p95 === null ? null : m.response_time_ms.p95 / 1000) },
  { metric: 'error_rate', label: 'error rate', unit: 'share', higherIsBetter: false, value: (m) => m.error_rate },
  { metric: 'tokens_per_second', label: 'tokens per second (p50)', unit: 'tokens/s', higherIsBetter: true, value: (m) => m.tokens_per_second.p50 },
  { metric: 'user_rating', label: 'user rating', unit: '1–5', higherIsBetter: true, value: (m) => m.user_rating },
  { metric: 'correction_frequency', label: 'correction frequency', unit: 'share', higherIsBetter: false, value: (m) => m.correction_frequency },
  { metric: 'unknown_query_rate', label: 'unknown-query rate', unit: 'share', higherIsBetter: false, value: (m) => m.unknown_query_rate },
];

/**
 * Each metric in equal, disjoint buckets of `stepMs` from `startMs` (its own samples only, not
 * the monitor's sliding window: overlapping windows would make neighbouring buckets share data
 * and the test see trends that are not there), then Mann–Kendall at `alpha` through
 * `seriesTrend`. The health score is not trended: each pass's score covers the monitor's
 * sliding window, so with steps shorter than that window the passes share data.
 */
export function metricTrends(
  requests: readonly RequestSample[],
  ratings: readonly RatingSample[],
  options: { startMs: number; stepMs: number; buckets: number; alpha: number },
): ReportTrend[] {
  const { startMs, stepMs, buckets, alpha } = options;
  const { requests: requestBuckets, ratings: ratingBuckets } = timeBuckets(requests, ratings, { startMs, widthMs: stepMs, buckets });
  const perBucket = requestBuckets.map((reqs, k) => windowMetrics(reqs, ratingBuckets[k]!));
  return TRENDED.map((t) => {
    const values = perBucket.map((m) => {
      const v = t.value(m);
      return v === null ? null : round(v);
    });
    return { metric: t.metric, label: t.label, unit: t.unit, buckets: values, trend: seriesTrend(values, t.higherIsBetter, alpha) };
  });
}
