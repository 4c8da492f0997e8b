import type { FlywheelConfig } from '@flywheel/config';
import { nearestPositions } from './nearest-positions.js';
import { mcnemarExact, mean, pairedZTest, runLevelAlpha, zInterval } from '@flywheel/statistics';

/** One checkpoint's outcomes per example of the suite. */
export interface CheckpointOutcomes {
  checkpoint: string;
  correct: ReadonlyMap<string, boolean>;
  /**
   * The golden answer's mean token loss per example, where the backend measured it: a
   * continuous signal of the same latent margin, which the tests add to right/wrong for power.
   */
  goldenLoss?: ReadonlyMap<string, number>;
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

/** automated-testing's rules from the configuration (the daemon, `flywheel replay` and the bench share them). */
export function testingRules(config: Pick<FlywheelConfig, 'analysis' | 'testing'>): AccuracyRules {
  return { ...config.analysis, baselineCheckpoints: config.testing.baselineCheckpoints, minDropPoints: config.testing.minDropPoints };
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
 * - **sudden**: each example's outcome now against its mean over the last
 *   `baselineCheckpoints` earlier checkpoints (pooled, so no lucky checkpoint is picked);
 * - **sudden, persisting** (from the fourth checkpoint): the mean of the current and the
 *   previous checkpoint against the `baselineCheckpoints` before them, which catches at the
 *   next checkpoint a drop that stays;
 * - **cumulative**: now against the champion's pool (`championPool`): the champion and the
 *   checkpoints evaluated nearest it. It keeps firing while the current checkpoint stays
 *   significantly below the champion, however slowly it got there.
 *
 * Each is a paired z-test on per-example differences (`pairedDrop`): of right/wrong, and where
 * every checkpoint involved has golden losses, of right/wrong and the golden answer's
 * probability together. Each needs an accuracy drop of at least `minDropPoints` as well.
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
  const pairPool = earlier.length >= 3 ? earlier.slice(0, -1).slice(-rules.baselineCheckpoints) : [];
  const tests = 1 + (champion ? 1 : 0) + (pairPool.length > 0 ? 1 : 0);
  const baseline = ids.map((id) => pool.reduce((sum, c) => sum + (c.correct.get(id) ? 1 : 0), 0) / pool.length);
  const now = ids.map((id) => (current.correct.get(id) ? 1 : 0));
  const z = pairedZTest(baseline, now);
  const names = pool.map((c) => c.checkpoint);
  const recent = pairedDrop([current], pool, ids, 0);
  const sudden = decide({
    kind: 'sudden',
    test: `${recent.test} against the per-example mean of ${names.length} earlier checkpoint(s)`,
    against: names,
    examples: ids.length,
    differencePoints: recent.differencePoints,
    pValue: recent.pValue,
    alpha: lookAlpha / tests,
    minDropPoints: rules.minDropPoints,
  });
  const cumulative = champion ? championTest(current, championPool(champion, earlier, rules.baselineCheckpoints, 2 * rules.minDropPoints), lookAlpha / tests, rules.minDropPoints) : null;
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
    p_value: round(sudden.p_value, 8),
    mcnemar: { checkpoint: previous.checkpoint, only_before: onlyBefore, only_now: onlyNow, p_value: round(mcnemarExact(onlyBefore, onlyNow), 8) },
    sudden,
    sudden_persisting: persisting,
    cumulative,
    look: context.look,
    run_false_page_rate: rules.runFalsePageRate,
    compared_with: decider === cumulative ? cumulative.against[0]! : decider.against.at(-1)!,
    reason: `${current.checkpoint}, look ${context.look} of the run (this look may spend ${fmtP(lookAlpha)} of the run's ${rules.runFalsePageRate} false-page budget). ${sudden.reason} ${persisting ? persisting.reason + ' ' : ''}${cumulative?.reason ?? 'No champion yet to compare with.'}`,
  };
}

/**
 * The champion's pool: the champion and up to `size` − 1 checkpoints evaluated nearest it in
 * the run (by position, either side), never the newest earlier one, which the persisting test
 * already weighs. One checkpoint's outcomes on 100 examples carry ±5 points of noise, and the
 * champion's carry its selection luck on top (it won its place by beating others on these very
 * examples); its neighbours were not selected, so pooling them halves the noise and dilutes the
 * luck. A neighbour more than `maxGapPoints` (twice the minimum drop, as the daemon calls it)
 * below the champion on its examples stays out: after a steep improvement the earlier neighbours
 * are worse than the champion, not equal to it, and pooling them hid a later decline (a demo run
 * flagged nothing at 40% against a 56% champion: against its pool the current checkpoint was
 * only 2.6 points down). Leaving out only neighbours that far below keeps nearly every equal
 * one in (on 100 examples an equal checkpoint is 10 points below another about 1 time in 14).
 */
export function championPool(champion: CheckpointOutcomes, earlier: readonly CheckpointOutcomes[], size: number, maxGapPoints = Infinity): CheckpointOutcomes[] {
  const at = earlier.findIndex((c) => c.checkpoint === champion.checkpoint);
  if (at < 0) return [champion];
  const accuracy = (c: CheckpointOutcomes) => {
    const ids = [...champion.correct.keys()].filter((id) => c.correct.has(id));
    return ids.length === 0 ? 0 : ids.filter((id) => c.correct.get(id)).length / ids.length;
  };
  const floor = accuracy(champion) - maxGapPoints / 100;
  const others = nearestPositions(earlier.length, at)
    .filter((i) => i < earlier.length - 1)
    .map((i) => earlier[i]!)
    .filter((c) => accuracy(c) >= floor)
    .slice(0, size - 1);
  return [champion, ...others];
}

/**
 * Worse than the champion? Against the champion's pool, of H0 "drop ≤ minDropPoints / |pool|":
 * the champion's own luck is at most about the minimum effect, and its weight in the pool is
 * 1/|pool| (a pool of the champion alone keeps the whole margin).
 */
function championTest(current: CheckpointOutcomes, pool: readonly CheckpointOutcomes[], alpha: number, minDropPoints: number): DropTest {
  const champion = pool[0]!;
  const ids = [...current.correct.keys()].filter((id) => pool.every((c) => c.correct.has(id)));
  const { onlyA: onlyChampion, onlyB: onlyNow } = discordant(champion, current, ids);
  const marginPoints = minDropPoints / pool.length;
  const drop = ids.length >= 2 ? pairedDrop([current], pool, ids, marginPoints / 100) : null;
  const poolNote = pool.length > 1 ? ` and its pool ${pool.slice(1).map((c) => c.checkpoint).join(', ')}` : '';
  return decide({
    kind: 'cumulative',
    test: `${drop?.test ?? 'paired z-test'} against champion ${champion.checkpoint}${poolNote}, of a drop beyond ${round(marginPoints, 2)} points (${onlyChampion} right only by the champion, ${onlyNow} only now)`,
    against: pool.map((c) => c.checkpoint),
    examples: ids.length,
    differencePoints: drop ? drop.differencePoints : 0,
    pValue: drop ? drop.pValue : 1,
    alpha,
    minDropPoints,
  });
}

/** The last two checkpoints' per-example mean against the pool of the `baselineCheckpoints` before them. */
function persistingTest(pair: readonly CheckpointOutcomes[], pool: readonly CheckpointOutcomes[], alpha: number, minDropPoints: number): DropTest {
  const ids = [...pair[1]!.correct.keys()].filter((id) => pair[0]!.correct.has(id) && pool.every((c) => c.correct.has(id)));
  const drop = ids.length >= 2 ? pairedDrop(pair, pool, ids, 0) : null;
  return decide({
    kind: 'sudden_persisting',
    test: `${drop?.test ?? 'paired z-test'} of the per-example mean of ${pair.map((c) => c.checkpoint).join(' and ')} against that of the ${pool.length} before them`,
    against: pool.map((c) => c.checkpoint),
    examples: ids.length,
    differencePoints: drop ? drop.differencePoints : 0,
    pValue: drop ? drop.pValue : 1,
    alpha,
    minDropPoints,
  });
}

/**
 * The paired evidence that `now` (its checkpoints averaged per example) is below `reference`
 * (averaged likewise) by more than `margin` (accuracy, 0–1). Per example, aᵢ is the difference
 * in correctness plus the margin; where every checkpoint has golden losses, bᵢ is the
 * difference in the golden answer's log-odds, log(p / (1 − p)) with p = exp(−loss) the answer's
 * (geometric mean token) probability, clipped at ±ln 10⁴ so that one absurd loss cannot swamp
 * the rest, and the test is on dᵢ = aᵢ/sd(a) + bᵢ/sd(b): both signals, equally weighted in their
 * own units. Under H0 both have mean ≥ 0, so d does, and a one-sided z-test of mean(d) is valid.
 * The golden answer's odds move with the same latent margin as right/wrong without its
 * all-or-nothing rounding, which is where the extra power comes from; log-odds rather than the
 * probability itself because the probability saturates near 0 and 1, where a confident answer's
 * slide (0.999 → 0.9) is small in probability and large in odds (on the benchmark's noisy models
 * the log-odds caught 7–10 points more sudden drops than the probability, false pages still met).
 */
export function pairedDrop(
  now: readonly CheckpointOutcomes[],
  reference: readonly CheckpointOutcomes[],
  ids: readonly string[],
  margin: number,
): { differencePoints: number; pValue: number; test: string } {
  const meanOf = (group: readonly CheckpointOutcomes[], value: (c: CheckpointOutcomes) => number) => group.reduce((sum, c) => sum + value(c), 0) / group.length;
  const right = (id: string) => (c: CheckpointOutcomes) => (c.correct.get(id) ? 1 : 0);
  const a = ids.map((id) => meanOf(now, right(id)) - meanOf(reference, right(id)));
  const differencePoints = mean(a) * 100;
  const withLoss = [...now, ...reference].every((c) => c.goldenLoss && ids.every((id) => Number.isFinite(c.goldenLoss!.get(id))));
  const shifted = a.map((x) => x + margin);
  if (!withLoss) {
    return { differencePoints, pValue: pairedZTest(ids.map(() => 0), shifted).pBelow, test: 'paired z-test of correctness' };
  }
  const odds = (id: string) => (c: CheckpointOutcomes) => goldenLogOdds(c.goldenLoss!.get(id)!);
  const b = ids.map((id) => meanOf(now, odds(id)) - meanOf(reference, odds(id)));
  const sa = sampleSd(shifted);
  const sb = sampleSd(b);
  const d = ids.map((_, i) => (sa > 0 ? shifted[i]! / sa : 0) + (sb > 0 ? b[i]! / sb : 0));
  return {
    differencePoints,
    pValue: pairedZTest(ids.map(() => 0), d).pBelow,
    test: 'paired z-test of correctness and golden-answer log-odds (of p = exp(−loss), clipped at ±ln 10⁴), each per-example difference in its own standard deviations',
  };
}

/** Odds beyond 10⁴ : 1 either way carry no more evidence than that (and a loss of 0 would be infinite). */
const LOG_ODDS_LIMIT = Math.log(1e4);

/** log(p / (1 − p)) of p = exp(−loss), i.e. −log(e^loss − 1), within ±LOG_ODDS_LIMIT. */
export function goldenLogOdds(loss: number): number {
  const logOdds = -Math.log(Math.expm1(Math.max(loss, 0)));
  return Math.max(-LOG_ODDS_LIMIT, Math.min(LOG_ODDS_LIMIT, logOdds));
}

function sampleSd(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((sum, x) => sum + (x - m) ** 2, 0) / (xs.length - 1));
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
