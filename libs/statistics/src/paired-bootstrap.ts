import { mean, quantileSorted } from './descriptive.js';
import { seededRandom } from './seeded-random.js';

// Math's functions are taken once: looked up on the global per call they are ~100× slower
// inside Jest's VM contexts, which turned seconds of bootstrap into minutes.
const { floor } = Math;

export interface MeanDifference {
  /** mean(current) − mean(baseline) over the pairs. */
  estimate: number;
  /** Two-sided 95% percentile interval of the difference. */
  interval: [number, number];
  /** One-sided p-value for "current is not below baseline": share of resamples with a difference ≥ 0 (add-one smoothed). */
  pBelow: number;
  /** One-sided p-value for "current is not above baseline". */
  pAbove: number;
  pairs: number;
}

/**
 * Paired bootstrap of the mean difference current − baseline over examples (index i is the
 * same example in both). Resampling examples keeps the pairing, so what two checkpoints share
 * on an example cancels instead of widening the interval. Seeded: the same data gives the
 * same interval, so a status does not flicker.
 */
export function pairedBootstrapMeanDifference(
  baseline: readonly number[],
  current: readonly number[],
  iterations: number,
  seed = 20_251_124,
): MeanDifference {
  const n = baseline.length;
  if (n === 0 || n !== current.length) {
    throw new Error(`paired bootstrap needs two equally long, non-empty arrays (got ${n} and ${current.length})`);
  }
  const differences: number[] = new Array(n);
  for (let i = 0; i < n; i++) differences[i] = current[i]! - baseline[i]!;
  const random = seededRandom(seed);
  const resampled: number[] = new Array(iterations);
  let notBelow = 0;
  let notAbove = 0;
  for (let b = 0; b < iterations; b++) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += differences[floor(random() * n)]!;
    const diff = sum / n;
    resampled[b] = diff;
    if (diff >= 0) notBelow++;
    if (diff <= 0) notAbove++;
  }
  resampled.sort((a, b) => a - b);
  return {
    estimate: mean(differences),
    interval: [quantileSorted(resampled, 0.025), quantileSorted(resampled, 0.975)],
    pBelow: (notBelow + 1) / (iterations + 1),
    pAbove: (notAbove + 1) / (iterations + 1),
    pairs: n,
  };
}

export interface PairedBootstrapResult {
  /** Relative increase of the mean, in percent, on the pairs as given. */
  estimatePercent: number;
  /** 95% percentile interval of the relative increase, in percent. */
  intervalPercent: [number, number];
  /** One-sided p-value for "no increase": share of resamples with an increase ≤ 0 (add-one smoothed). */
  pValue: number;
  pairs: number;
}

/**
 * Paired bootstrap of the relative increase of mean loss from `baseline` to `current`, both
 * measured on the same examples (index i is the same example in both arrays). Resampling
 * examples, not checkpoints, keeps the pairing: the noise that cancels between two
 * checkpoints on the same example does not widen the interval.
 */
export function pairedBootstrapIncrease(
  baseline: readonly number[],
  current: readonly number[],
  iterations: number,
  seed = 20_251_124,
): PairedBootstrapResult {
  const n = baseline.length;
  if (n === 0 || n !== current.length) {
    throw new Error(`paired bootstrap needs two equally long, non-empty arrays (got ${n} and ${current.length})`);
  }
  const random = seededRandom(seed);
  const increases = new Float64Array(iterations);
  let notIncreased = 0;
  for (let b = 0; b < iterations; b++) {
    let sumBase = 0;
    let sumCurrent = 0;
    for (let k = 0; k < n; k++) {
      const i = floor(random() * n);
      sumBase += baseline[i]!;
      sumCurrent += current[i]!;
    }
    const increase = sumBase > 0 ? ((sumCurrent - sumBase) / sumBase) * 100 : 0;
    increases[b] = increase;
    if (increase <= 0) notIncreased++;
  }
  increases.sort();
  return {
    estimatePercent: relativeIncreasePercent(mean(baseline), mean(current)),
    intervalPercent: [quantileSorted(increases, 0.025), quantileSorted(increases, 0.975)],
    pValue: (notIncreased + 1) / (iterations + 1),
    pairs: n,
  };
}

/** (current − baseline) / baseline, in percent. */
export function relativeIncreasePercent(baseline: number, current: number): number {
  return ((current - baseline) / baseline) * 100;
}
