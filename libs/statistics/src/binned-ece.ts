/** The calibration bin of a confidence: equal-width bins over [0, 1], the last one including 1. */
export function calibrationBin(confidence: number, binCount: number): number {
  return Math.min(binCount - 1, Math.floor(confidence / (1 / binCount)));
}

/** Each example's calibration bin (−1: no confidence), confidence and outcome, read once. */
export interface BinnedConfidences {
  binCount: number;
  bin: Int32Array;
  confidence: Float64Array;
  correct: Uint8Array;
}

/** `confidence[i]` NaN (or null) means example i has none: it is left out of every ECE. */
export function binnedConfidences(confidence: ArrayLike<number | null>, correct: ArrayLike<boolean | number>, binCount: number): BinnedConfidences {
  const n = confidence.length;
  const binned: BinnedConfidences = { binCount, bin: new Int32Array(n), confidence: new Float64Array(n), correct: new Uint8Array(n) };
  for (let i = 0; i < n; i++) {
    const c = confidence[i];
    const known = c !== null && c !== undefined && !Number.isNaN(c);
    binned.bin[i] = known ? calibrationBin(c, binCount) : -1;
    binned.confidence[i] = known ? c : NaN;
    binned.correct[i] = correct[i] ? 1 : 0;
  }
  return binned;
}

/**
 * Σ (n_b / N) · |accuracy_b − confidence_b| over the examples at `indices` (a resample: repeats
 * allowed; all examples when absent), the same sums in the same order as `calibration`'s ECE.
 * Allocates nothing but the scratch it is not given: a bootstrap calls it thousands of times,
 * and arrays of 10,000 examples per call sent the collector into its large-object space.
 */
export function eceAt(data: BinnedConfidences, indices?: ArrayLike<number>, scratch: Float64Array = new Float64Array(3 * data.binCount)): number | null {
  const bins = data.binCount;
  scratch.fill(0, 0, 3 * bins);
  const count = indices ? indices.length : data.bin.length;
  let n = 0;
  for (let k = 0; k < count; k++) {
    const i = indices ? indices[k]! : k;
    const b = data.bin[i]!;
    if (b < 0) continue;
    n++;
    scratch[3 * b] += 1;
    scratch[3 * b + 1] += data.correct[i]!;
    scratch[3 * b + 2] += data.confidence[i]!;
  }
  if (n === 0) return null;
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const inBin = scratch[3 * b]!;
    if (inBin) ece += (inBin / n) * Math.abs(scratch[3 * b + 1]! / inBin - scratch[3 * b + 2]! / inBin);
  }
  return ece;
}
