import type { EvalRecord } from '@flywheel/contracts';
import { splitThink } from '@flywheel/evaluation';
import { binnedConfidences, eceAt, quantileSorted, seededRandom, type BinnedConfidences } from '@flywheel/statistics';

export interface ScoreWeights {
  accuracy: number;
  loss: number;
  calibration: number;
  quality: number;
}

export interface ScoreParts {
  accuracy: number | null;
  /** Token-weighted golden loss. */
  loss: number | null;
  ece: number | null;
  /** Share of answers that are well-formed: think block closed, something after it, not cut off at max tokens. */
  quality: number | null;
}

/** An answer is well-formed when its think block (if any) closed, it is not empty, and it was not cut off. */
export function wellFormed(record: EvalRecord, maxTokens: number): boolean {
  if (record.think.present && !record.think.closed) return false;
  return splitThink(record.prediction).answer.trim().length > 0 && record.outputTokens < maxTokens;
}

/**
 * What the score needs of each record, read once: the bootstrap resamples these, not the
 * records (re-reading each record's think block per resample made a ranking of 10,000 examples
 * take minutes).
 */
export interface RecordFeatures {
  count: number;
  correct: Uint8Array;
  /** Golden nll and tokens; NaN where the backend gave no golden score. */
  nll: Float64Array;
  tokens: Float64Array;
  wellFormed: Uint8Array;
  /** Confidences in their calibration bins (no confidence: left out of the ECE). */
  calibrated: BinnedConfidences;
  /** Reused by every ECE of these features. */
  scratch: Float64Array;
}

export function recordFeatures(records: readonly EvalRecord[], maxTokens: number, bins: number): RecordFeatures {
  const count = records.length;
  const features = { count, correct: new Uint8Array(count), nll: new Float64Array(count), tokens: new Float64Array(count), wellFormed: new Uint8Array(count) };
  records.forEach((r, i) => {
    features.correct[i] = r.correct ? 1 : 0;
    features.nll[i] = 'nll' in r.golden ? r.golden.nll : NaN;
    features.tokens[i] = 'nll' in r.golden ? r.golden.tokens : NaN;
    features.wellFormed[i] = wellFormed(r, maxTokens) ? 1 : 0;
  });
  const calibrated = binnedConfidences(records.map((r) => (typeof r.confidence === 'number' ? r.confidence : null)), features.correct, bins);
  return { ...features, calibrated, scratch: new Float64Array(3 * bins) };
}

/** The score's parts over the records at `indices` (a resample; repeats allowed), or over all of them. */
export function scorePartsOf(features: RecordFeatures, indices?: ArrayLike<number>): ScoreParts {
  const n = indices ? indices.length : features.count;
  if (n === 0) return { accuracy: null, loss: null, ece: null, quality: null };
  let nll = 0;
  let tokens = 0;
  let right = 0;
  let formed = 0;
  for (let k = 0; k < n; k++) {
    const i = indices ? indices[k]! : k;
    right += features.correct[i]!;
    formed += features.wellFormed[i]!;
    if (!Number.isNaN(features.nll[i]!)) {
      nll += features.nll[i]!;
      tokens += features.tokens[i]!;
    }
  }
  return {
    accuracy: right / n,
    loss: tokens > 0 ? nll / tokens : null,
    ece: eceAt(features.calibrated, indices, features.scratch),
    quality: formed / n,
  };
}

export function scoreParts(records: readonly EvalRecord[], maxTokens: number, bins: number): ScoreParts {
  return scorePartsOf(recordFeatures(records, maxTokens, bins));
}

/**
 * The composite: Σ wₖ · partₖ / Σ wₖ over the parts that could be measured, each part in
 * [0, 1] with higher better: accuracy, exp(−loss), 1 − ECE, quality. A part a backend cannot
 * give (no logprobs: no loss, no ECE) drops out with its weight, rather than counting as 0.
 */
export function compositeScore(parts: ScoreParts, weights: ScoreWeights): number {
  const terms: [number | null, number][] = [
    [parts.accuracy, weights.accuracy],
    [parts.loss === null ? null : Math.exp(-parts.loss), weights.loss],
    [parts.ece === null ? null : 1 - parts.ece, weights.calibration],
    [parts.quality, weights.quality],
  ];
  let sum = 0;
  let weight = 0;
  for (const [value, w] of terms) {
    if (value === null || w === 0) continue;
    sum += w * value;
    weight += w;
  }
  return weight > 0 ? sum / weight : 0;
}

/**
 * Bootstrap over examples of the composite score of each checkpoint, with the same resampled
 * examples for all of them (so differences are paired): a 95% interval per checkpoint, and
 * the interval of best − runner-up.
 */
export function scoreIntervals(
  recordSets: readonly (readonly EvalRecord[])[],
  score: (parts: ScoreParts) => number,
  iterations: number,
  options: { maxTokens: number; bins: number },
  seed = 4_242,
): { intervals: [number, number][]; differenceInterval: (a: number, b: number) => [number, number] } {
  // Pair by example id across checkpoints: resample ids present everywhere. Membership by the
  // maps, not a scan of every set per id (that scan was quadratic in examples).
  const positions = recordSets.map((rs) => new Map(rs.map((r, i) => [r.exampleId, i])));
  const shared = [...new Set(recordSets[0]?.map((r) => r.exampleId) ?? [])].filter((id) => positions.every((map) => map.has(id)));
  const features = recordSets.map((rs) => recordFeatures(rs, options.maxTokens, options.bins));
  // Each set's position of every shared example, so a resample of examples is a list of indices.
  const sharedAt = positions.map((map) => Int32Array.from(shared, (id) => map.get(id)!));
  const n = shared.length;
  const indices = new Int32Array(n);
  // One set at a time through every resample, its features staying in the CPU's cache (set
  // after set per resample spilled it beyond ~5,000 examples); the same seed for each set
  // draws the same resamples, so the samples stay paired.
  const samples: number[][] = features.map((f, set) => {
    const random = seededRandom(seed);
    const at = sharedAt[set]!;
    const values: number[] = [];
    for (let b = 0; b < iterations && n > 0; b++) {
      for (let k = 0; k < n; k++) indices[k] = at[(random() * n) | 0]!;
      values.push(score(scorePartsOf(f, indices)));
    }
    return values;
  });
  const interval = (values: number[]): [number, number] => {
    if (values.length === 0) return [NaN, NaN];
    const sorted = [...values].sort((x, y) => x - y);
    return [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)];
  };
  return {
    intervals: samples.map(interval),
    differenceInterval: (a, b) => interval(samples[a]!.map((v, i) => v - samples[b]![i]!)),
  };
}
