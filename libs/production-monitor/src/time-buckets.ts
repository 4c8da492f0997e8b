import type { RatingSample, RequestSample } from './samples.js';

/**
 * The samples of (`startMs`, `startMs` + `buckets` · `widthMs`] in `buckets` equal, disjoint time
 * buckets, oldest first. Bucket k holds (start + k·width, start + (k+1)·width], the half-open rule
 * of the monitor's window ending at a pass. For trends: each bucket's metric from its own samples.
 */
export function timeBuckets(
  requests: readonly RequestSample[],
  ratings: readonly RatingSample[],
  /** `endMs`: the window's end when the caller has it exactly (start + buckets · width may round below it). */
  options: { startMs: number; widthMs: number; buckets: number; endMs?: number },
): { requests: RequestSample[][]; ratings: RatingSample[][] } {
  const { startMs, widthMs, buckets } = options;
  const endMs = options.endMs ?? startMs + buckets * widthMs;
  // Clamped: a sample at the very end must not fall past the last bucket by rounding.
  const index = (atMs: number) => Math.min(buckets - 1, Math.max(0, Math.ceil((atMs - startMs) / widthMs) - 1));
  const out = { requests: Array.from({ length: buckets }, (): RequestSample[] => []), ratings: Array.from({ length: buckets }, (): RatingSample[] => []) };
  for (const r of requests) if (r.atMs > startMs && r.atMs <= endMs) out.requests[index(r.atMs)]!.push(r);
  for (const r of ratings) if (r.atMs > startMs && r.atMs <= endMs) out.ratings[index(r.atMs)]!.push(r);
  return out;
}
