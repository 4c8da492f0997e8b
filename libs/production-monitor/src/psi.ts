import { chiSquareSurvival } from './chi-square.js';

const { log } = Math;

export interface PsiResult {
  psi: number;
  /**
   * Chance of a PSI this large between two samples of one distribution: n·m/(n+m) × PSI is
   * asymptotically χ² with (categories − 1) degrees of freedom (PSI is the symmetric
   * Kullback–Leibler divergence; to second order it is the homogeneity chi-square over n_eff).
   */
  pValue: number;
  categories: number;
}

/**
 * Population stability index of two count tables over the same categories:
 * Σ (c − r) ln(c / r) over the shares, each count smoothed by ½ so an empty category is finite.
 */
export function populationStabilityIndex(current: ReadonlyMap<string, number>, reference: ReadonlyMap<string, number>): PsiResult {
  const categories = [...new Set([...current.keys(), ...reference.keys()])];
  const k = categories.length;
  let n = 0;
  let m = 0;
  for (const key of categories) {
    n += current.get(key) ?? 0;
    m += reference.get(key) ?? 0;
  }
  if (k < 2 || n === 0 || m === 0) return { psi: 0, pValue: 1, categories: k };
  let psi = 0;
  for (const key of categories) {
    const c = ((current.get(key) ?? 0) + 0.5) / (n + 0.5 * k);
    const r = ((reference.get(key) ?? 0) + 0.5) / (m + 0.5 * k);
    psi += (c - r) * log(c / r);
  }
  const effective = (n * m) / (n + m);
  return { psi, pValue: chiSquareSurvival(effective * psi, k - 1), categories: k };
}

/** Counts of each value. */
export function countBy(values: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** Bin edges at the reference's quantiles i/bins (duplicates dropped): bins (−∞, e1], (e1, e2], …, (e_last, ∞). */
export function quantileEdges(reference: readonly number[], bins: number): number[] {
  const sorted = Float64Array.from(reference).sort();
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const edge = sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / bins))]!;
    if (edges.at(-1) !== edge) edges.push(edge);
  }
  if (edges.length === 0 && sorted.length) edges.push(sorted[0]!);
  return edges;
}

/** The count of values in each bin, keyed by bin index. */
export function binCounts(values: readonly number[], edges: readonly number[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) {
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    const key = String(lo);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  // Every bin is a category, empty ones too: the degrees of freedom depend on it.
  for (let i = 0; i <= edges.length; i++) if (!counts.has(String(i))) counts.set(String(i), 0);
  return counts;
}
