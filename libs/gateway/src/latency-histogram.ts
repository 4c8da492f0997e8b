/**
 * A streaming latency histogram with log-spaced buckets (the DDSketch idea): every value
 * lands in bucket i = ceil(log_γ(v)), which covers (γ^(i-1), γ^i]; a quantile is answered
 * with the bucket's midpoint 2γ^i/(γ+1). With γ = (1+α)/(1−α) that answer is within a
 * relative error α of the true sample quantile, whatever the distribution, in constant
 * memory (about 1,000 buckets from 1 µs to 10⁷ ms at α = 1 %) and O(1) per value.
 */
export const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Values at or below this (ms) are counted in a zero bucket, answered as 0. */
const SMALLEST_MS = 0.001;
const log = Math.log;
const ceil = Math.ceil;

export interface LatencyHistogram {
  /** bucket index → count */
  buckets: Map<number, number>;
  zeroCount: number;
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** The JSON form (`buckets` as [index, count] pairs). */
export interface LatencyHistogramJson {
  buckets: [number, number][];
  zero_count: number;
  count: number;
  sum: number;
  min: number | null;
  max: number | null;
}

export function createHistogram(): LatencyHistogram {
  return { buckets: new Map(), zeroCount: 0, count: 0, sum: 0, min: Infinity, max: -Infinity };
}

export function recordLatency(histogram: LatencyHistogram, ms: number): void {
  if (!(ms >= 0)) throw new RangeError(`latency must be a non-negative number, got ${ms}`);
  histogram.count += 1;
  histogram.sum += ms;
  if (ms < histogram.min) histogram.min = ms;
  if (ms > histogram.max) histogram.max = ms;
  if (ms <= SMALLEST_MS) {
    histogram.zeroCount += 1;
    return;
  }
  const index = ceil(log(ms) / LOG_GAMMA);
  histogram.buckets.set(index, (histogram.buckets.get(index) ?? 0) + 1);
}

/**
 * The q-quantile by nearest rank (the smallest recorded value with at least ⌈q·n⌉ values at or
 * below it), to within RELATIVE_ACCURACY; null when empty.
 */
export function quantile(histogram: LatencyHistogram, q: number): number | null {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be in [0, 1], got ${q}`);
  if (histogram.count === 0) return null;
  const rank = Math.max(1, Math.ceil(q * histogram.count));
  if (rank <= histogram.zeroCount) return 0;
  let seen = histogram.zeroCount;
  for (const index of [...histogram.buckets.keys()].sort((a, b) => a - b)) {
    seen += histogram.buckets.get(index)!;
    if (seen >= rank) {
      const midpoint = (2 * GAMMA ** index) / (GAMMA + 1);
      // The extremes are known exactly; never answer outside them.
      return Math.min(histogram.max, Math.max(histogram.min, midpoint));
    }
  }
  return histogram.max;
}

export function meanLatency(histogram: LatencyHistogram): number | null {
  return histogram.count === 0 ? null : histogram.sum / histogram.count;
}

/** Adds `from` into `into` (for totals over request kinds). */
export function mergeHistogram(into: LatencyHistogram, from: LatencyHistogram): void {
  for (const [index, count] of from.buckets) into.buckets.set(index, (into.buckets.get(index) ?? 0) + count);
  into.zeroCount += from.zeroCount;
  into.count += from.count;
  into.sum += from.sum;
  into.min = Math.min(into.min, from.min);
  into.max = Math.max(into.max, from.max);
}

export function histogramToJson(histogram: LatencyHistogram): LatencyHistogramJson {
  return {
    buckets: [...histogram.buckets.entries()].sort((a, b) => a[0] - b[0]),
    zero_count: histogram.zeroCount,
    count: histogram.count,
    sum: histogram.sum,
    min: histogram.count ? histogram.min : null,
    max: histogram.count ? histogram.max : null,
  };
}

export function histogramFromJson(json: LatencyHistogramJson): LatencyHistogram {
  return {
    buckets: new Map(json.buckets),
    zeroCount: json.zero_count,
    count: json.count,
    sum: json.sum,
    min: json.min ?? Infinity,
    max: json.max ?? -Infinity,
  };
}
