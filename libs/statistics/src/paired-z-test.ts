import { normalCdf, normalQuantile } from './normal.js';

const { sqrt } = Math;

export interface PairedZTest {
  /** mean(current − reference) over the pairs. */
  difference: number;
  /** Standard error of that mean: sd(differences) / √n. */
  standardError: number;
  /** difference / standardError (0 when both are 0). */
  z: number;
  /** One-sided p-value of "current is not below the reference": Φ(z). */
  pBelow: number;
  /** One-sided p-value of "current is not above the reference": 1 − Φ(z). */
  pAbove: number;
  pairs: number;
}

/**
 * The paired z-test of a mean difference: for each example (index i the same example in both)
 * dᵢ = current[i] − reference[i]; z = mean(d) / (sd(d)/√n) with the sample sd (n − 1). No
 * resampling, so a p-value of 10⁻⁴ (what run-level error control asks of one look) is as
 * exact as the normal approximation, which a bootstrap of a few thousand resamples cannot
 * resolve. Needs n ≥ 2.
 */
export function pairedZTest(reference: readonly number[], current: readonly number[]): PairedZTest {
  const n = reference.length;
  if (n < 2 || n !== current.length) {
    throw new Error(`paired z-test needs two equally long arrays of at least 2 (got ${n} and ${current.length})`);
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += current[i]! - reference[i]!;
  const difference = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (current[i]! - reference[i]! - difference) ** 2;
  const standardError = sqrt(squares / (n - 1) / n);
  // Every pair moved by the same amount: certain, whichever way it went.
  const z = standardError > 0 ? difference / standardError : difference === 0 ? 0 : difference > 0 ? Infinity : -Infinity;
  return { difference, standardError, z, pBelow: normalCdf(z), pAbove: 1 - normalCdf(z), pairs: n };
}

/** The two-sided (1 − alpha) interval of a paired z-test's difference. */
export function zInterval(test: Pick<PairedZTest, 'difference' | 'standardError'>, alpha: number): [number, number] {
  const half = normalQuantile(1 - alpha / 2) * test.standardError;
  return [test.difference - half, test.difference + half];
}
