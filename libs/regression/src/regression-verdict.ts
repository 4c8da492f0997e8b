import type { AlertLevel, CheckpointLoss, LossTest, StatusFields } from '@flywheel/contracts';
import { mean, pairedBootstrapIncrease, pairedZTest, relativeIncreasePercent, runLevelAlpha } from '@flywheel/statistics';

/** A checkpoint's loss, optionally with per-example losses keyed by example id (from the evaluator). */
export interface ObservedLoss extends CheckpointLoss {
  perExample?: ReadonlyMap<string, number>;
  /** Why `loss` is null, when it is. */
  unavailableReason?: string;
}

export interface RegressionRules {
  thresholdPercent: number;
  criticalPercent: number;
  bootstrapIterations: number;
  /** Earlier checkpoints pooled per example into the baseline when per-example losses exist. */
  baselineCheckpoints: number;
  /** The run's false-page budget (`analysis.runFalsePageRate`) and its horizon (`analysis.runHorizon`). */
  runFalsePageRate: number;
  runHorizon: number;
}

/** Where the judged checkpoint stands in the run, and the champion's loss to compare with. */
export interface RegressionContext {
  /** 1-based position of the judged checkpoint in the run. */
  look: number;
  /** The champion's loss, from the same source as the window's; null before any champion. */
  champion: ObservedLoss | null;
}

/** Pairs needed before the bootstrap interval is trusted over the bare threshold. */
const MIN_PAIRS = 10;

type Verdict = Omit<StatusFields<'regression'>, 'errors'>;

/**
 * The regression call on a window of checkpoints (oldest first): the newest checkpoint with a
 * loss is compared with the lowest loss among the earlier ones (the seed's "best checkpoint
 * so far"). A regression is an increase above `thresholdPercent`; when both checkpoints have
 * per-example losses on the same examples it must also be significant (the 95% paired
 * bootstrap interval lies above zero), so noise on a small validation set does not page anyone.
 */
export function regressionVerdict(window: readonly ObservedLoss[], rules: RegressionRules, context: RegressionContext = { look: 1, champion: null }): Verdict {
  const checkpoints = window.map(({ checkpoint, step, loss, source, examples }) => ({ checkpoint, step, loss, source, examples }));
  const base = {
    threshold_percent: rules.thresholdPercent,
    critical_percent: rules.criticalPercent,
  };
  const measured = window.filter((c) => c.loss !== null);
  const current = measured.at(-1);
  const earlier = measured.slice(0, -1).filter((c) => c.loss! > 0);
  if (!current || earlier.length === 0) {
    return {
      regression_detected: false,
      checkpoint: current?.checkpoint ?? window.at(-1)?.checkpoint ?? null,
      baseline_loss: null,
      current_loss: current?.loss ?? null,
      increase_percent: null,
      alert_level: 'none',
      baseline_checkpoint: null,
      ...base,
      evidence: {
        checkpoints,
        method: 'insufficient_data',
        examples: null,
        interval_percent: null,
        p_value: null,
        reason: insufficientReason(window),
      },
    };
  }
  // With per-example losses the baseline is the example-wise mean of the last few earlier
  // checkpoints: picking the best of them would pick the luckiest, and noise alone would then
  // look like a regression. Without them, the seed's best-so-far is all there is.
  const pool = current.perExample ? earlier.filter((c) => c.perExample).slice(-rules.baselineCheckpoints) : [];
  const pooled = pool.length > 0 ? poolLosses(pool, current) : null;
  const baseline = pool.length > 0 ? pool.at(-1)! : earlier.reduce((best, c) => (c.loss! < best.loss! ? c : best));
  const baselineLoss = pool.length > 0 ? pool.reduce((sum, c) => sum + c.loss!, 0) / pool.length : baseline.loss!;
  const increase = pooled && pooled.base.length >= MIN_PAIRS
    ? relativeIncreasePercent(mean(pooled.base), mean(pooled.current))
    : relativeIncreasePercent(baselineLoss, current.loss!);
  const paired = pooled;
  const poolNames = pool.map((c) => c.checkpoint);
  const skipped = window.filter((c) => c.loss === null).map((c) => c.checkpoint);
  const skippedNote = skipped.length ? ` Skipped without a loss: ${skipped.join(', ')}.` : '';

  const lookAlpha = runLevelAlpha(context.look, rules.runFalsePageRate, rules.runHorizon);
  const champion = context.champion && context.champion.checkpoint !== current.checkpoint && context.champion.loss !== null ? context.champion : null;
  // A rise that stays: the current and previous checkpoints together against the pool before them.
  const previous = pool.at(-1);
  const pairPool = previous && current.perExample ? earlier.filter((c) => c.perExample && c.step < previous.step).slice(-rules.baselineCheckpoints) : [];
  const persistingPossible = pairPool.length === rules.baselineCheckpoints;
  const alpha = lookAlpha / (1 + (champion ? 1 : 0) + (persistingPossible ? 1 : 0));
  const run = { champion: context.champion?.checkpoint ?? null, look: context.look, run_false_page_rate: rules.runFalsePageRate };
  let sudden: LossTest;
  let evidence: Verdict['evidence'];
  if (paired && paired.base.length >= MIN_PAIRS) {
    const boot = pairedBootstrapIncrease(paired.base, paired.current, rules.bootstrapIterations);
    const z = pairedZTest(paired.base, paired.current);
    const detected = increase > rules.thresholdPercent && z.pAbove < alpha;
    sudden = {
      kind: 'sudden', test: `paired z-test of per-example loss against the per-example mean of ${poolNames.length} earlier checkpoint(s)`,
      against: poolNames, examples: boot.pairs, increase_percent: round(increase, 2), p_value: round(z.pAbove, 8), alpha: round(alpha, 8), detected,
      reason:
        `Sudden: ${current.checkpoint} vs the mean of ${poolNames.join(', ')} on ${boot.pairs} shared examples ${fmt(increase)}% ` +
        `(95% interval ${fmt(boot.intervalPercent[0])}% to ${fmt(boot.intervalPercent[1])}%), p = ${fmtP(z.pAbove)} against α = ${fmtP(alpha)}: ` +
        (detected
          ? `above the ${rules.thresholdPercent}% threshold and significant.`
          : increase > rules.thresholdPercent
            ? `above the ${rules.thresholdPercent}% threshold but within noise at this look.`
            : `within the ${rules.thresholdPercent}% threshold.`),
    };
    evidence = {
      checkpoints,
      method: 'paired_bootstrap',
      examples: boot.pairs,
      interval_percent: [round(boot.intervalPercent[0], 2), round(boot.intervalPercent[1], 2)],
      p_value: round(boot.pValue, 6),
      baseline_checkpoints: poolNames,
      reason: '',
    };
  } else {
    const detected = increase > rules.thresholdPercent;
    sudden = {
      kind: 'sudden', test: 'threshold on the loss (no per-example losses: no test possible)', against: [baseline.checkpoint],
      examples: current.examples !== null && baseline.examples !== null ? Math.min(current.examples, baseline.examples) : null,
      increase_percent: round(increase, 2), p_value: null, alpha: null, detected,
      reason:
        `Sudden: ${current.checkpoint} vs ${baseline.checkpoint}: ${fmt(increase)}% ` +
        `${detected ? 'above' : 'within'} the ${rules.thresholdPercent}% threshold. ` +
        `No per-example losses on shared examples, so no interval: the call rests on the threshold alone.`,
    };
    evidence = {
      checkpoints,
      method: 'threshold_only',
      examples: sudden.examples,
      interval_percent: null,
      p_value: null,
      reason: '',
    };
  }
  const cumulative = champion ? championLossTest(current, champion, rules.thresholdPercent, alpha) : null;
  const persisting = persistingPossible ? persistingLossTest([previous!, current], pairPool, rules.thresholdPercent, alpha) : null;
  const detected = sudden.detected || (cumulative?.detected ?? false) || (persisting?.detected ?? false);
  // `baseline_*` name what the deciding test compared with: the champion when it fired.
  const byChampion = cumulative?.detected === true;
  const byPersisting = !byChampion && !sudden.detected && persisting?.detected === true;
  const shownIncrease = byChampion ? cumulative!.increase_percent! : byPersisting ? persisting!.increase_percent! : increase;
  const alert: AlertLevel = !detected ? 'none' : shownIncrease >= rules.criticalPercent ? 'critical' : 'warning';
  evidence = {
    ...evidence,
    sudden,
    sudden_persisting: persisting,
    cumulative,
    ...run,
    reason:
      `${sudden.reason} ${persisting ? persisting.reason + ' ' : ''}${cumulative ? cumulative.reason : context.champion ? `No cumulative test: champion ${context.champion.checkpoint} ${context.champion.loss === null ? 'has no loss from this source' : 'is the judged checkpoint'}.` : 'No champion yet.'}` +
      ` (Look ${context.look} of the run may spend ${fmtP(lookAlpha)} of the ${rules.runFalsePageRate} false-page budget.)` +
      skippedNote,
  };
  return {
    regression_detected: detected,
    checkpoint: current.checkpoint,
    baseline_loss: byChampion ? champion!.loss : byPersisting ? round(pairPool.reduce((sum, c) => sum + c.loss!, 0) / pairPool.length, 6) : round(baselineLoss, 6),
    current_loss: current.loss,
    increase_percent: round(shownIncrease, 1),
    alert_level: alert,
    baseline_checkpoint: byChampion ? champion!.checkpoint : byPersisting ? pairPool.at(-1)!.checkpoint : baseline.checkpoint,
    ...base,
    evidence,
  };
}

/** The per-example mean loss of the last two checkpoints against that of the pool before them. */
function persistingLossTest(pair: readonly ObservedLoss[], pool: readonly ObservedLoss[], thresholdPercent: number, alpha: number): LossTest | null {
  const base: number[] = [];
  const now: number[] = [];
  for (const [id, loss] of pair[1]!.perExample!) {
    const before = pair[0]!.perExample!.get(id);
    const earlier = pool.map((c) => c.perExample!.get(id));
    if (before === undefined || earlier.some((v) => v === undefined)) continue;
    now.push((before + loss) / 2);
    base.push(earlier.reduce((a, b) => a! + b!, 0)! / earlier.length);
  }
  if (base.length < MIN_PAIRS) return null;
  const z = pairedZTest(base, now);
  const increase = relativeIncreasePercent(mean(base), mean(now));
  const detected = increase > thresholdPercent && z.pAbove < alpha;
  const names = pool.map((c) => c.checkpoint);
  return {
    kind: 'sudden_persisting', test: `paired z-test of the per-example mean loss of ${pair.map((c) => c.checkpoint).join(' and ')} against that of the ${names.length} before them`,
    against: names, examples: base.length, increase_percent: round(increase, 2), p_value: round(z.pAbove, 8), alpha: round(alpha, 8), detected,
    reason: `Sudden, last two together: vs the mean of ${names.join(', ')} on ${base.length} examples ${fmt(increase)}%, p = ${fmtP(z.pAbove)} against α = ${fmtP(alpha)}: ` +
      (detected ? `above the ${thresholdPercent}% threshold and significant.` : increase > thresholdPercent ? 'above the threshold but within noise at this look.' : `within the ${thresholdPercent}% threshold.`),
  };
}

/** The current checkpoint's loss against the champion's: paired per example when both have them, else the threshold alone. */
function championLossTest(current: ObservedLoss, champion: ObservedLoss, thresholdPercent: number, alpha: number): LossTest {
  const pairs: [number, number][] = [];
  if (current.perExample && champion.perExample) {
    for (const [id, loss] of current.perExample) {
      const before = champion.perExample.get(id);
      if (before !== undefined) pairs.push([before, loss]);
    }
  }
  if (pairs.length >= MIN_PAIRS) {
    // H0: mean(now) ≤ (1 + threshold) · mean(champion), the threshold being the margin: the
    // champion won its place on these examples, so it is luckier on them than its true quality.
    const z = pairedZTest(pairs.map(([a]) => a * (1 + thresholdPercent / 100)), pairs.map(([, b]) => b));
    const increase = relativeIncreasePercent(mean(pairs.map(([a]) => a)), mean(pairs.map(([, b]) => b)));
    const detected = increase > thresholdPercent && z.pAbove < alpha;
    return {
      kind: 'cumulative', test: `paired z-test against the champion of a loss rise beyond ${thresholdPercent}%`, against: [champion.checkpoint], examples: pairs.length,
      increase_percent: round(increase, 2), p_value: round(z.pAbove, 8), alpha: round(alpha, 8), detected,
      reason: `Cumulative: vs champion ${champion.checkpoint} on ${pairs.length} shared examples ${fmt(increase)}%, p = ${fmtP(z.pAbove)} against α = ${fmtP(alpha)}: ` +
        (detected ? `above the ${thresholdPercent}% threshold and significant.` : increase > thresholdPercent ? 'above the threshold but within noise at this look.' : `within the ${thresholdPercent}% threshold.`),
    };
  }
  const increase = relativeIncreasePercent(champion.loss!, current.loss!);
  const detected = increase > thresholdPercent;
  return {
    kind: 'cumulative', test: 'threshold on the loss against the champion (no per-example losses)', against: [champion.checkpoint], examples: null,
    increase_percent: round(increase, 2), p_value: null, alpha: null, detected,
    reason: `Cumulative: vs champion ${champion.checkpoint} ${fmt(increase)}%, ${detected ? 'above' : 'within'} the ${thresholdPercent}% threshold (threshold alone).`,
  };
}

const fmtP = (p: number) => (p < 0.001 ? p.toExponential(2) : p.toFixed(4));

/** Per example: the mean loss over the pool, and the current loss; only examples all of them have. */
function poolLosses(pool: readonly ObservedLoss[], current: ObservedLoss): { base: number[]; current: number[] } {
  const base: number[] = [];
  const now: number[] = [];
  for (const [id, loss] of current.perExample!) {
    const earlier = pool.map((c) => c.perExample!.get(id));
    if (earlier.some((v) => v === undefined)) continue;
    base.push(earlier.reduce((a, b) => a! + b!, 0)! / earlier.length);
    now.push(loss);
  }
  return { base, current: now };
}

function insufficientReason(window: readonly ObservedLoss[]): string {
  if (window.length === 0) return 'No checkpoints found yet.';
  const withLoss = window.filter((c) => c.loss !== null).length;
  const missing = window
    .filter((c) => c.loss === null)
    .map((c) => `${c.checkpoint}: ${c.unavailableReason ?? 'no loss'}`)
    .join('; ');
  return (
    `Need a loss for at least two checkpoints; ${withLoss} of ${window.length} have one.` + (missing ? ` ${missing}.` : '')
  );
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function fmt(value: number): string {
  return (value >= 0 ? '+' : '') + value.toFixed(1);
}
