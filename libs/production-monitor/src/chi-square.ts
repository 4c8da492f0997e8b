// Math's functions taken once: global lookups are slow inside Jest's VM contexts.
const { abs, exp, log, sqrt } = Math;

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; ~15 significant digits). */
export function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return log(Math.PI / abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < 9; i++) sum += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * log(2 * Math.PI) + (z + 0.5) * log(t) - t + log(sum);
}

/** Regularized upper incomplete gamma Q(a, x) (series below a + 1, continued fraction above). */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = exp(-x + a * log(x) - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (abs(term) < abs(sum) * 1e-15) break;
    }
    return Math.max(0, 1 - sum * front);
  }
  // Lentz's continued fraction.
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (abs(delta - 1) < 1e-15) break;
  }
  return Math.min(1, front * h);
}

/** P(χ²_k ≥ x): the chi-square distribution's upper tail. */
export function chiSquareSurvival(x: number, degreesOfFreedom: number): number {
  return gammaQ(degreesOfFreedom / 2, x / 2);
}

/** Kolmogorov distribution's upper tail Q(λ) = 2 Σ (−1)^(j−1) e^(−2 j² λ²). */
export function kolmogorovSurvival(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  let sign = 1;
  for (let j = 1; j <= 100; j++) {
    const term = sign * exp(-2 * j * j * lambda * lambda);
    sum += term;
    if (abs(term) < 1e-12) break;
    sign = -sign;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

export interface KsResult {
  /** Largest distance between the two empirical CDFs. */
  statistic: number;
  /** Asymptotic two-sided p-value (Stephens' small-sample correction). */
  pValue: number;
}

/** Two-sample Kolmogorov–Smirnov test; ties are stepped over together. */
export function ksTwoSample(a: readonly number[], b: readonly number[]): KsResult {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  const n = x.length;
  const m = y.length;
  if (n === 0 || m === 0) return { statistic: 0, pValue: 1 };
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const v = x[i]! <= y[j]! ? x[i]! : y[j]!;
    while (i < n && x[i] === v) i++;
    while (j < m && y[j] === v) j++;
    const gap = abs(i / n - j / m);
    if (gap > d) d = gap;
  }
  const ne = (n * m) / (n + m);
  const root = sqrt(ne);
  return { statistic: d, pValue: kolmogorovSurvival((root + 0.12 + 0.11 / root) * d) };
}
