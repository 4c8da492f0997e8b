import { mcnemarExact, mean, pairedZTest, runLevelAlpha, zInterval } from '@flywheel/statistics';

/** One checkpoint's right/wrong per example of the suite. */
export interface CheckpointOutcomes {
  checkpoint: string;
  correct: ReadonlyMap<string, boolean>;
}

/** How a run's false pages are bounded (see `runLevelAlpha`). */
export interface RunLevelRules {
  /** Chance that a run of checkpoints of equal quality ever raises a false regression, per daemon. */
  runFalsePageRate: number;
  /** Looks over which that chance is spread about evenly before it starts to thin out. */
  runHorizon: number;
}

export interface AccuracyRules extends RunLevelRules {
  /** Smallest drop, in accuracy points, worth an alert. */
  minDropPoints: number;
  /** Level of the 95%-style intervals shown (not of the call: the call spends the run's budget). */
  alpha: number;
  baselineCheckpoints: number;
}

/** Where this look stands in the run, and the champion to compare with. */
export interface AccuracyContext {
  /** 1-based position of the current checkpoint in the run (the look's share of the budget). */
  look: number;
  /** The checkpoint that last won promotion; null before any. */
  champion: CheckpointOutcomes | null;
}

/** One of the two drop tests. */
export interface DropTest {
  kind: 'sudden' | 'sudden_persisting' | 'cumulative';
  test: string;
  /** What the current checkpoint was compared with. */
  against: string[];
  examples: number;
  /** current − reference, in points. */
  difference_points: number;
  p_value: number;
  /** The error rate this test may spend at this look. */
  alpha: number;
  detected: boolean;
  reason: string;
}

export interface AccuracyVerdict {
  regression_detected: boolean;
  /** The checkpoints pooled into the recent baseline, oldest first. */
  baseline_checkpoints: string[];
  examples: number;
  current_accuracy: number;
  baseline_accuracy: number;
  /** current − recent baseline, in points. */
  difference_points: number;
  /** (1 − alpha) paired z interval of that difference, in points. */
  interval_points: [number, number];
  /** One-sided p-value of "no drop" against the recent baseline. */
  p_value: number;
  /** McNemar's exact test against the newest earlier checkpoint alone (two-sided, for reference). */
  mcnemar: { checkpoint: string; only_before: number; only_now: number; p_value: number } | null;
  /** The recent test (a sudden drop), the same for the last two checkpoints together, and the champion test (a drop however slow). */
  sudden: DropTest;
  sudden_persisting: DropTest | null;
  cumulative: DropTest | null;
  look: number;
  run_false_page_rate: number;
  /** The checkpoint `baseline` names: the one the deciding test compared with. */
  compared_with: string;
  reason: string;
}

/**
 * Did accuracy drop? Up to three tests, sharing this look's share of the run's false-page
 * budget equally (`runLevelAlpha`, Bonferroni within the look), so that a run of any length
 * pages falsely at most `runFalsePageRate` of the time:
 *
 * - **sudden**: each example's correctness now against its mean over the last
 *   `baselineCheckpoints` earlier checkpoints (pooled, so no lucky checkpoint is picked);
 *   paired z-test of the mean difference;
 * - **sudden, persisting** (once there are enough earlier checkpoints): the mean of the current
 *   and the previous checkpoint against the `baselineCheckpoints` before them, which catches at
 *   the next checkpoint a drop that stays;
 * - **cumulative**: now against the champion, example by example: a paired z-test of a drop
 *   beyond `minDropPoints` (see `championTest` for why beyond it). It keeps firing while the
 *   current checkpoint stays significantly below the champion, however slowly it got there.
 *
 * Each needs the drop to be at least `minDropPoints` as well.
 */
export function accuracyVerdict(
  current: CheckpointOutcomes,
  earlier: readonly CheckpointOutcomes[],
  rules: AccuracyRules,
  context: AccuracyContext,
): AccuracyVerdict | null {
  const pool = earlier.slice(-rules.baselineCheckpoints);
  if (pool.length === 0) return null;
  const ids = [...current.correct.keys()].filter((id) => pool.every((c) => c.correct.has(id)));
  if (ids.length < 2) return null;
  const lookAlpha = runLevelAlpha(context.look, rules.runFalsePageRate, rules.runHorizon);
  const champion = context.champion && context.champion.checkpoint !== current.checkpoint ? context.champion : null;
  // The drop that stays: the current and previous checkpoints together against the pool before
  // them. At the checkpoint after a sudden drop it compares two dropped checkpoints with clean
  // ones, where the plain test's pool already holds one dropped checkpoint.
  const pairPool = earlier.length > rules.baselineCheckpoints ? earlier.slice(-(rules.baselineCheckpoints + 1), -1) : [];
  const tests = 1 + (champion ? 1 : 0) + (pairPool.length > 0 ? 1 : 0);
  const baseline = ids.map((id) => pool.reduce((sum, c) => sum + (c.correct.get(id) ? 1 : 0), 0) / pool.length);
  const now = ids.map((id) => (current.correct.get(id) ? 1 : 0));
  const z = pairedZTest(baseline, now);
  const names = pool.map((c) => c.checkpoint);
  const sudden = decide({
    kind: 'sudden',
    test: `paired z-test of correctness against the per-example mean of ${names.length} earlier checkpoint(s)`,
    against: names,
    examples: ids.length,
    differencePoints: z.difference * 100,
    pValue: z.pBelow,
    alpha: lookAlpha / tests,
    minDropPoints: rules.minDropPoints,
  });
  const cumulative = champion ? championTest(current, champion, lookAlpha / tests, rules.minDropPoints) : null;
  const persisting = pairPool.length > 0 ? persistingTest([earlier.at(-1)!, current], pairPool, lookAlpha / tests, rules.minDropPoints) : null;
  const previous = pool.at(-1)!;
  const { onlyA: onlyBefore, onlyB: onlyNow } = discordant(previous, current, ids);
  const interval = zInterval(z, rules.alpha).map((v) => round(v * 100)) as [number, number];
  const detected = sudden.detected || (cumulative?.detected ?? false) || (persisting?.detected ?? false);
  const decider = cumulative?.detected ? cumulative : sudden.detected ? sudden : persisting?.detected ? persisting : cumulative ?? sudden;
  return {
    regression_detected: detected,
    baseline_checkpoints: names,
    examples: ids.length,
    current_accuracy: round(mean(now)),
    baseline_accuracy: round(mean(baseline)),
    difference_points: round(z.difference * 100),
    interval_points: interval,
    p_value: round(z.pBelow, 8),
    mcnemar: { checkpoint: previous.checkpoint, only_before: onlyBefore, only_now: onlyNow, p_value: round(mcnemarExact(onlyBefore, onlyNow), 8) },
    sudden,
    sudden_persisting: persisting,
    cumulative,
    look: context.look,
    run_false_page_rate: rules.runFalsePageRate,
    compared_with: decider.against.at(-1)!,
    reason: `${current.checkpoint}, look ${context.look} of the run (this look may spend ${fmtP(lookAlpha)} of the run's ${rules.runFalsePageRate} false-page budget). ${sudden.reason} ${persisting ? persisting.reason + ' ' : ''}${cumulative?.reason ?? 'No champion yet to compare with.'}`,
  };
}

/**
 * Worse than the champion by more than the minimum drop? The champion won its place by beating
 * others on these very examples, so it is luckier on them than its true quality (the winner's
 * curse): "worse than the champion at all" would page on equal checkpoints after every
 * promotion. The test is therefore of H0 "drop ≤ minDropPoints": a paired z-test of
 * dᵢ = correctᵢ(now) − correctᵢ(champion) + minDrop, one-sided.
 */
function championTest(current: CheckpointOutcomes, champion: CheckpointOutcomes, alpha: number, minDropPoints: number): DropTest {
  const ids = [...current.correct.keys()].filter((id) => champion.correct.has(id));
  const { onlyA: onlyChampion, onlyB: onlyNow } = discordant(champion, current, ids);
  const margin = minDropPoints / 100;
  const test = ids.length >= 2 ? pairedZTest(ids.map((id) => (champion.correct.get(id) ? 1 : 0) - margin), ids.map((id) => (current.correct.get(id) ? 1 : 0))) : null;
  return decide({
    kind: 'cumulative',
    test: `paired z-test against the champion of a drop beyond ${minDropPoints} points (${onlyChampion} right only by the champion, ${onlyNow} only now)`,
    against: [champion.checkpoint],
    examples: ids.length,
    differencePoints: ids.length ? ((onlyNow - onlyChampion) / ids.length) * 100 : 0,
    pValue: test ? test.pBelow : 1,
    alpha,
    minDropPoints,
  });
}

/** The last two checkpoints' per-example mean against the pool of the `baselineCheckpoints` before them. */
function persistingTest(pair: readonly CheckpointOutcomes[], pool: readonly CheckpointOutcomes[], alpha: number, minDropPoints: number): DropTest {
  const ids = [...pair[1]!.correct.keys()].filter((id) => pair[0]!.correct.has(id) && pool.every((c) => c.correct.has(id)));
  const meanOf = (group: readonly CheckpointOutcomes[], id: string) => group.reduce((sum, c) => sum + (c.correct.get(id) ? 1 : 0), 0) / group.length;
  const z = ids.length >= 2 ? pairedZTest(ids.map((id) => meanOf(pool, id)), ids.map((id) => meanOf(pair, id))) : null;
  return decide({
    kind: 'sudden_persisting',
    test: `paired z-test of the per-example mean of ${pair.map((c) => c.checkpoint).join(' and ')} against that of the ${pool.length} before them`,
    against: pool.map((c) => c.checkpoint),
    examples: ids.length,
    differencePoints: z ? z.difference * 100 : 0,
    pValue: z ? z.pBelow : 1,
    alpha,
    minDropPoints,
  });
}

function decide(input: { kind: DropTest['kind']; test: string; against: string[]; examples: number; differencePoints: number; pValue: number; alpha: number; minDropPoints: number }): DropTest {
  const significant = input.pValue < input.alpha;
  const large = -input.differencePoints >= input.minDropPoints;
  const detected = input.examples > 0 && significant && large;
  const who = input.kind === 'cumulative' ? `champion ${input.against[0]}` : `the mean of ${input.against.join(', ')}`;
  const verdict = detected
    ? 'significant and at least the minimum drop: regression.'
    : large
      ? 'a large drop, but not significant at this look.'
      : `less than the ${input.minDropPoints}-point minimum.`;
  return {
    kind: input.kind,
    test: input.test,
    against: input.against,
    examples: input.examples,
    difference_points: round(input.differencePoints),
    p_value: round(input.pValue, 8),
    alpha: round(input.alpha, 8),
    detected,
    reason: `${{ sudden: 'Sudden', sudden_persisting: 'Sudden, last two together', cumulative: 'Cumulative' }[input.kind]}: vs ${who} on ${input.examples} examples ${fmt(input.differencePoints)} points, p = ${fmtP(input.pValue)} against α = ${fmtP(input.alpha)}; ${verdict}`,
  };
}

function discordant(a: CheckpointOutcomes, b: CheckpointOutcomes, ids: readonly string[]): { onlyA: number; onlyB: number } {
  let onlyA = 0;
  let onlyB = 0;
  for (const id of ids) {
    const x = a.correct.get(id);
    const y = b.correct.get(id);
    if (x && !y) onlyA++;
    if (!x && y) onlyB++;
  }
  return { onlyA, onlyB };
}

const fmt = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;
const fmtP = (p: number) => (p < 0.001 ? p.toExponential(2) : p.toFixed(4));

function round(value: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
