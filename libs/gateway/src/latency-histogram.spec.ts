import { describe, expect, it } from '@jest/globals';
import {
  createHistogram,
  histogramFromJson,
  histogramToJson,
  meanLatency,
  mergeHistogram,
  quantile,
  recordLatency,
  RELATIVE_ACCURACY,
} from './latency-histogram.js';

// γ = 1.01 / 0.99; a value v lands in bucket i = ⌈ln v / ln γ⌉ and is answered as 2γ^i / (γ + 1),
// which is within 1 % (RELATIVE_ACCURACY) of v. Worked out for the values used below:
//   v = 50  → i = 196, answer 49.903      v = 95  → i = 228, answer 94.642
//   v = 99  → i = 230, answer 98.505      v = 10  → i = 116, answer 10.075
//   v = 1000 → i = 346, answer 1002.428 (above the largest value seen, so 1000 exactly)
const withValues = (values: number[]) => {
  const histogram = createHistogram();
  for (const value of values) recordLatency(histogram, value);
  return histogram;
};

describe('latency histogram', () => {
  it('answers nearest-rank quantiles of 1..100 ms within the 1 % bucket error', () => {
    const histogram = withValues(Array.from({ length: 100 }, (_, i) => i + 1));
    // Nearest rank: p50 is the 50th smallest value (50), p95 the 95th (95), p99 the 99th (99).
    expect(quantile(histogram, 0.5)).toBeCloseTo(49.903, 3);
    expect(quantile(histogram, 0.95)).toBeCloseTo(94.642, 3);
    expect(quantile(histogram, 0.99)).toBeCloseTo(98.505, 3);
    for (const [q, exact] of [[0.5, 50], [0.95, 95], [0.99, 99]] as const) {
      expect(Math.abs(quantile(histogram, q)! - exact) / exact).toBeLessThanOrEqual(RELATIVE_ACCURACY);
    }
    expect(quantile(histogram, 0)).toBe(1);
    expect(quantile(histogram, 1)).toBe(100);
    expect(meanLatency(histogram)).toBe(50.5);
  });

  it('is not fooled by a slow tail: 90 answers at 10 ms and 10 at 1000 ms', () => {
    const histogram = withValues([...Array<number>(90).fill(10), ...Array<number>(10).fill(1000)]);
    expect(quantile(histogram, 0.5)).toBeCloseTo(10.075, 3);
    expect(quantile(histogram, 0.9)).toBeCloseTo(10.075, 3); // the 90th value is still 10 ms
    expect(quantile(histogram, 0.91)).toBe(1000); // the 91st is 1000 ms; the bucket's 1002.4 is clamped to the maximum
    expect(quantile(histogram, 0.99)).toBe(1000);
  });

  it('keeps zero latencies apart, is empty without values, and refuses bad input', () => {
    const histogram = withValues([0, 0, 5]);
    expect(quantile(histogram, 0.5)).toBe(0);
    expect(quantile(createHistogram(), 0.5)).toBeNull();
    expect(() => recordLatency(histogram, -1)).toThrow('non-negative');
    expect(() => recordLatency(histogram, Number.NaN)).toThrow('non-negative');
    expect(() => quantile(histogram, 1.5)).toThrow('[0, 1]');
  });

  it('merges and survives a JSON round trip unchanged', () => {
    const a = withValues([1, 2, 3, 400]);
    const b = withValues([5, 6, 7]);
    mergeHistogram(a, b);
    expect(a.count).toBe(7);
    expect(quantile(a, 0.5)).toBe(quantile(withValues([1, 2, 3, 400, 5, 6, 7]), 0.5));
    const copy = histogramFromJson(JSON.parse(JSON.stringify(histogramToJson(a))));
    expect(copy).toEqual(a);
    expect(histogramToJson(createHistogram())).toMatchObject({ count: 0, min: null, max: null });
  });
});
