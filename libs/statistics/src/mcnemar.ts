/**
 * McNemar's exact test on paired right/wrong outcomes: of the discordant pairs, `onlyBaseline`
 * were right only before and `onlyCurrent` right only now. Under no change each discordant
 * pair is a fair coin, so the two-sided p-value is 2 · P(X ≤ min) for X ~ Binomial(b + c, ½),
 * capped at 1.
 */
export function mcnemarExact(onlyBaseline: number, onlyCurrent: number): number {
  const n = onlyBaseline + onlyCurrent;
  if (n === 0) return 1;
  const k = Math.min(onlyBaseline, onlyCurrent);
  // Σ_{i ≤ k} C(n, i) / 2^n, in logs so large n does not overflow.
  let logC = 0;
  let tail = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logC += Math.log(n - i + 1) - Math.log(i);
    tail += Math.exp(logC - n * Math.LN2);
  }
  return Math.min(1, 2 * tail);
}
