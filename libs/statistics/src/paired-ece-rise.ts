import { binnedConfidences, eceAt } from './binned-ece.js';
import { quantileSorted } from './descriptive.js';
import { seededRandom } from './seeded-random.js';

const { floor } = Math;

/** One checkpoint's confidence and outcome per example (index i is the same example in both). */
export interface Calibrated {
  confidence: readonly number[];
  correct: readonly boolean[];
}

export interface EceRise {
  /** ECE(challenger) − ECE(champion) on all the examples. */
  rise: number;
  /** One-sided lower bound of the rise at `alpha`: the `alpha` quantile of the resampled rises. */
  lowerBound: number;
  /** One-sided p-value for "not worse" (rise ≤ 0): the share of resamples with a rise ≤ 0, add-one smoothed. */
  pNotWorse: number;
  examples: number;
}

/**
 * Paired bootstrap of the ECE rise from `champion` to `challenger`: examples are resampled
 * together for both, so the bins see the same questions. The ECE of a few dozen examples moves
 * by several hundredths from one draw of them to the next, so a point estimate of its rise says
 * more about which examples fell in which bin than about the models; the resampled rises say how
 * much. Seeded, so the same records give the same answer.
 */
export function pairedEceRise(champion: Calibrated, challenger: Calibrated, bins: number, iterations: number, alpha: number, seed = 20_261_202): EceRise {
  const n = champion.confidence.length;
  if (n === 0 || n !== challenger.confidence.length || n !== champion.correct.length || n !== challenger.correct.length) {
    throw new Error(`the ECE rise needs two equally long, non-empty sets of confidences and outcomes (got ${n} and ${challenger.confidence.length})`);
  }
  const championBinned = binnedConfidences(champion.confidence, champion.correct, bins);
  const challengerBinned = binnedConfidences(challenger.confidence, challenger.correct, bins);
  const scratch = new Float64Array(3 * bins);
  const rise = eceAt(challengerBinned, undefined, scratch)! - eceAt(championBinned, undefined, scratch)!;
  const random = seededRandom(seed);
  const rises: number[] = new Array(iterations);
  let notWorse = 0;
  const at = new Int32Array(n);
  for (let b = 0; b < iterations; b++) {
    for (let k = 0; k < n; k++) at[k] = floor(random() * n);
    const r = eceAt(challengerBinned, at, scratch)! - eceAt(championBinned, at, scratch)!;
    rises[b] = r;
    if (r <= 0) notWorse++;
  }
  rises.sort((a, b) => a - b);
  return { rise, lowerBound: quantileSorted(rises, alpha), pNotWorse: (notWorse + 1) / (iterations + 1), examples: n };
}
