/**
 * McNemar's exact one-sided test: of the discordant pairs, `against` favour the hypothesis'
 * opposite and `toward` favour it. Under no difference each discordant pair is a fair coin, so
 * p = P(X ≥ toward) for X ~ Binomial(against + toward, ½). Exact at any size: used where a
 * look must be judged at a very small error rate.
 */
export function mcnemarOneSided(against: number, toward: number): number {
  const n = against + toward;
  if (n === 0) return 1;
  // P(X ≥ toward) = P(X ≤ against) by symmetry; summed in logs so large n does not overflow.
  let logC = 0;
  let tail = 0;
  for (let i = 0; i <= against; i++) {
    if (i > 0) logC += Math.log(n - i + 1) - Math.log(i);
    tail += Math.exp(logC - n * Math.LN2);
  }
  return Math.min(1, tail);
}
