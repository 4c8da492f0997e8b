import { mcnemarExact, mean, pairedBootstrapMeanDifference } from '@flywheel/statistics';

/** One checkpoint's right/wrong per example of the suite. */
export interface CheckpointOutcomes {
  checkpoint: string;
  correct: ReadonlyMap<string, boolean>;
}

export interface AccuracyRules {
  /** Smallest drop, in accuracy points, worth an alert. */
  minDropPoints: number;
  alpha: number;
  baselineCheckpoints: number;
  bootstrapIterations: number;
}

export interface AccuracyVerdict {
  regression_detected: boolean;
  /** The checkpoints pooled into the baseline, oldest first. */
  baseline_checkpoints: string[];
  examples: number;
  current_accuracy: number;
  baseline_accuracy: number;
  /** current − baseline, in points. */
  difference_points: number;
  /** 95% paired bootstrap interval of the difference, in points. */
  interval_points: [number, number];
  /** One-sided p-value of "no drop". */
  p_value: number;
  /** McNemar's exact test against the newest earlier checkpoint alone (two-sided). */
  mcnemar: { checkpoint: string; only_before: number; only_now: number; p_value: number } | null;
  reason: string;
}

/**
 * Did accuracy drop? The seed's rule (more than 5 points below the best checkpoint so far)
 * fires often on noise: the best of several is lucky, and 100 examples carry ±5 points. Here
 * the baseline is each example's mean correctness over the last `baselineCheckpoints` earlier
 * checkpoints (pooled, not picked), compared example by example with the current checkpoint
 * (a paired bootstrap of the mean difference). A regression needs both: the 95% interval lies
 * below zero (p < alpha/2 one-sided), and the drop is at least `minDropPoints`.
 */
export function accuracyVerdict(current: CheckpointOutcomes, earlier: readonly CheckpointOutcomes[], rules: AccuracyRules): AccuracyVerdict | null {
  const pool = earlier.slice(-rules.baselineCheckpoints);
  if (pool.length === 0) return null;
  const ids = [...current.correct.keys()].filter((id) => pool.every((c) => c.correct.has(id)));
  if (ids.length === 0) return null;
  const baseline = ids.map((id) => pool.reduce((sum, c) => sum + (c.correct.get(id) ? 1 : 0), 0) / pool.length);
  const now = ids.map((id) => (current.correct.get(id) ? 1 : 0));
  const boot = pairedBootstrapMeanDifference(baseline, now, rules.bootstrapIterations);
  const difference = boot.estimate * 100;
  const significant = boot.pBelow < rules.alpha / 2;
  const detected = significant && -difference >= rules.minDropPoints;
  const previous = pool.at(-1)!;
  let onlyBefore = 0;
  let onlyNow = 0;
  for (const id of ids) {
    const before = previous.correct.get(id)!;
    const after = current.correct.get(id)!;
    if (before && !after) onlyBefore++;
    if (!before && after) onlyNow++;
  }
  const interval: [number, number] = [round(boot.interval[0] * 100), round(boot.interval[1] * 100)];
  const names = pool.map((c) => c.checkpoint);
  return {
    regression_detected: detected,
    baseline_checkpoints: names,
    examples: ids.length,
    current_accuracy: round(mean(now)),
    baseline_accuracy: round(mean(baseline)),
    difference_points: round(difference),
    interval_points: interval,
    p_value: round(boot.pBelow, 6),
    mcnemar: { checkpoint: previous.checkpoint, only_before: onlyBefore, only_now: onlyNow, p_value: round(mcnemarExact(onlyBefore, onlyNow), 6) },
    reason:
      `${current.checkpoint} vs the mean of ${names.join(', ')} on ${ids.length} shared examples: ` +
      `${difference >= 0 ? '+' : ''}${round(difference, 1)} points (95% interval ${round(interval[0], 1)} to ${round(interval[1], 1)}). ` +
      (detected
        ? `A drop of at least ${rules.minDropPoints} points, and significant: regression.`
        : -difference >= rules.minDropPoints
          ? 'A large drop, but within noise (the interval reaches 0).'
          : `Less than the ${rules.minDropPoints}-point minimum.`),
  };
}

function round(value: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
