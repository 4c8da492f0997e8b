import { quantileSorted, seededRandom } from '@flywheel/statistics';

// Math's functions are taken once: looked up on the global per call they are ~100× slower
// inside Jest's VM contexts, which turned seconds of bootstrap into minutes.
const { floor } = Math;

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

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** (current − baseline) / baseline, in percent. */
export function relativeIncreasePercent(baseline: number, current: number): number {
  return ((current - baseline) / baseline) * 100;
}
