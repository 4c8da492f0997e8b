import { normalQuantile, pairedZTest, runLevelAlpha } from '@flywheel/statistics';

/** When a canary is promoted to all traffic or rolled back (config `canary.*`). */
export interface CanaryRules {
  /** Run-level error rate of each decision: promoting a canary worse by `margin`, rolling back an equal one. */
  alpha: number;
  /** Non-inferiority margin (0–1 quality scale): promote once the lower bound is above −margin. */
  margin: number;
  /** Roll back once the upper bound is below −minHarm (0: shown worse at all). */
  minHarm: number;
  /** Looks at most: the last one decides by its bound. */
  maxLooks: number;
}

/** One matched pair: the live quality (0–1) of a canary request and of the champion request it is paired with. */
export interface CanaryPair {
  canary: number;
  champion: number;
}

export type CanaryDecision = 'continue' | 'promote' | 'rollback';

export interface CanaryVerdict {
  verdict: CanaryDecision;
  look: number;
  /** Whether this was the last look allowed (`maxLooks`), which must decide. */
  final: boolean;
  pairs: number;
  canary_quality: number | null;
  champion_quality: number | null;
  /** Mean of canary − champion over the pairs. */
  difference: number | null;
  standard_error: number | null;
  /** One-sided bounds of the difference at this look's alpha. */
  lower_bound: number | null;
  upper_bound: number | null;
  /** What this look spends of each boundary's run-level alpha. */
  alpha: number;
  margin: number;
  min_harm: number;
  test: string;
  reason: string;
}

/**
 * The alpha the `look`-th look spends on each boundary: the regression monitor's run-level
 * shares (`runLevelAlpha`, horizon `maxLooks`) before the last look, and at the last look all
 * that is left of the budget, alpha · H/(T + H − 1) (the telescoping tail of those shares), so
 * the looks of one canary together spend exactly `alpha` per boundary however many are taken.
 */
export function canaryLookAlpha(look: number, rules: Pick<CanaryRules, 'alpha' | 'maxLooks'>): number {
  const horizon = rules.maxLooks;
  if (look >= rules.maxLooks) return (rules.alpha * horizon) / (rules.maxLooks + horizon - 1);
  return runLevelAlpha(look, rules.alpha, horizon);
}

/**
 * Whether the canary is promoted, rolled back or kept on trial, from matched pairs of live
 * quality: the offline champion gate's paired z-test (`pairedZTest`), here two-boundaried and
 * sequential. At look t, with α_t = `canaryLookAlpha(t)` and z = Φ⁻¹(1 − α_t):
 *   - rollback when the upper bound d̄ + z·se is below −minHarm (shown worse);
 *   - promote when the lower bound d̄ − z·se is above −margin (shown not worse by the margin);
 *   - at the last look, when neither: roll back (not shown non-inferior: the champion stays);
 *   - otherwise continue.
 * Rollback is checked first: a canary shown worse is never promoted, even within the margin.
 * Each boundary's looks spend at most `alpha` in all (union bound over the looks, whatever
 * their dependence: they share pairs), so an equal canary is rolled back with probability at
 * most alpha by the rollback boundary, and one worse by the margin is promoted with at most alpha.
 */
export function canaryVerdict(pairs: readonly CanaryPair[], look: number, rules: CanaryRules): CanaryVerdict {
  const alpha = canaryLookAlpha(look, rules);
  const final = look >= rules.maxLooks;
  const test = `paired z-test of canary − champion live quality, one-sided bounds at α = ${fmt(alpha)} (look ${look} of at most ${rules.maxLooks}, run-level α = ${rules.alpha}); rollback below −${rules.minHarm}, promote above −${rules.margin}`;
  const base = { look, final, pairs: pairs.length, alpha, margin: rules.margin, min_harm: rules.minHarm, test };
  if (pairs.length < 2) {
    return {
      ...base, verdict: final ? 'rollback' : 'continue', canary_quality: null, champion_quality: null, difference: null, standard_error: null, lower_bound: null, upper_bound: null,
      reason: `${pairs.length} matched pairs: too few to compare; ${final ? 'last look: rolled back (not shown non-inferior)' : 'continue'}.`,
    };
  }
  const z = pairedZTest(pairs.map((p) => p.champion), pairs.map((p) => p.canary));
  const q = normalQuantile(1 - alpha);
  const lower = z.difference - q * z.standardError;
  const upper = z.difference + q * z.standardError;
  const canaryQuality = mean(pairs.map((p) => p.canary));
  const championQuality = mean(pairs.map((p) => p.champion));
  const worse = upper < -rules.minHarm;
  const nonInferior = lower > -rules.margin;
  const verdict: CanaryDecision = worse ? 'rollback' : nonInferior ? 'promote' : final ? 'rollback' : 'continue';
  const numbers = `${pairs.length} pairs: canary ${fmt(canaryQuality)} vs champion ${fmt(championQuality)}, difference ${signed(z.difference)} (bounds ${signed(lower)} … ${signed(upper)})`;
  const why = worse
    ? `upper bound below −${rules.minHarm}: shown worse, rolled back`
    : nonInferior
      ? `lower bound above −${rules.margin}: not worse by the margin, promoted`
      : final
        ? `last look and not shown within −${rules.margin}: rolled back, the champion stays`
        : 'neither bound crossed: continue';
  return {
    ...base, verdict, canary_quality: r4(canaryQuality), champion_quality: r4(championQuality), difference: r4(z.difference), standard_error: r4(z.standardError),
    lower_bound: r4(lower), upper_bound: r4(upper), reason: `${numbers}; ${why}.`,
  };
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
const fmt = (x: number) => (x < 0.001 ? x.toExponential(2) : x.toFixed(4));
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(4)}`;

/**
 * The look due once there are `pairs` matched pairs and `looks` looks were taken, or null: look
 * t is taken once t · `pairsPerLook` pairs exist (at most one look per pass), so the looks'
 * spending does not depend on how often the deployer happens to run.
 */
export function canaryLookDue(pairs: number, looks: number, pairsPerLook: number): number | null {
  return pairs >= (looks + 1) * pairsPerLook ? looks + 1 : null;
}
