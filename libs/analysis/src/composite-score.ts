import type { EvalRecord } from '@flywheel/contracts';
import { splitThink } from '@flywheel/evaluation';
import { calibration, quantileSorted, seededRandom } from '@flywheel/statistics';

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

export function scoreParts(records: readonly EvalRecord[], maxTokens: number, bins: number): ScoreParts {
  if (records.length === 0) return { accuracy: null, loss: null, ece: null, quality: null };
  let nll = 0;
  let tokens = 0;
  const conf: number[] = [];
  const right: boolean[] = [];
  for (const r of records) {
    if ('nll' in r.golden) {
      nll += r.golden.nll;
      tokens += r.golden.tokens;
    }
    if (typeof r.confidence === 'number') {
      conf.push(r.confidence);
      right.push(r.correct);
    }
  }
  return {
    accuracy: records.filter((r) => r.correct).length / records.length,
    loss: tokens > 0 ? nll / tokens : null,
    ece: conf.length > 0 ? calibration(conf, right, bins).ece : null,
    quality: records.filter((r) => wellFormed(r, maxTokens)).length / records.length,
  };
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
  score: (records: readonly EvalRecord[]) => number,
  iterations: number,
  seed = 4_242,
): { intervals: [number, number][]; differenceInterval: (a: number, b: number) => [number, number] } {
  // Pair by example id across checkpoints: resample ids present everywhere.
  const shared = [...new Set(recordSets[0]?.map((r) => r.exampleId) ?? [])].filter((id) => recordSets.every((rs) => rs.some((r) => r.exampleId === id)));
  const byId = recordSets.map((rs) => new Map(rs.map((r) => [r.exampleId, r])));
  const random = seededRandom(seed);
  const n = shared.length;
  const samples: number[][] = recordSets.map(() => []);
  for (let b = 0; b < iterations && n > 0; b++) {
    const ids = Array.from({ length: n }, () => shared[(random() * n) | 0]!);
    byId.forEach((map, k) => samples[k]!.push(score(ids.map((id) => map.get(id)!))));
  }
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
