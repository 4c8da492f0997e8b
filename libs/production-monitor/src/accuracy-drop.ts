import type { MonitorConfig } from '@flywheel/config';
import { normalCdf, runLevelAlpha } from '@flywheel/statistics';
import { chooseMethod, round, type Recommendation } from './recommendation.js';
import type { RatingSample, RequestSample } from './samples.js';

// Seed 001's "Accuracy drops > 5 % → investigate + retrain", live: the current window's accuracy
// against the reference window's (the hour before it, which the monitor keeps for drift), a drop
// in accuracy points (as the offline rule, `testing.minDropPoints`, counts it) flagged only when
// a one-sided test shows it larger than the margin at an error rate that holds over the run.

/** What the monitor reports of the check (`llm_health.json` `accuracy_drop`). */
export interface AccuracyDrop {
  /** judge: the judge's accuracy scores (0–1); ratings: good = 1, bad = 0; null: neither window had enough of either. */
  source: 'judge' | 'ratings' | null;
  /** Mean accuracy of the reference window (the baseline) and of the current one. */
  baseline: number | null;
  current: number | null;
  baseline_samples: number;
  current_samples: number;
  /** (baseline − current) × 100: the drop in accuracy points (negative: a rise). */
  drop_percent: number | null;
  /** The margin the drop must be shown to exceed (`monitor.accuracyDrop.points`). */
  threshold_points: number;
  /** z of the one-sided test of "drop > threshold"; null when not tested, or when every value of both windows is the same (p is then 0 or 1). */
  statistic: number | null;
  p_value: number | null;
  /** The level this look was tested at: its share of `runFalseAlarmRate` (`runLevelAlpha`). */
  alpha: number;
  /** Which test of the monitor's run this was (0: none yet). */
  look: number;
  detected: boolean;
  /** When the test was made (the pass's time); null when not tested yet. */
  evaluated_at: string | null;
  reason: string;
}

export interface AccuracyDropRules {
  points: number;
  runFalseAlarmRate: number;
  runHorizon: number;
  minSamples: number;
}

/** The rules from the monitor's config. */
export const accuracyDropRules = (monitor: Pick<MonitorConfig, 'accuracyDrop' | 'minSamples'>): AccuracyDropRules => ({ ...monitor.accuracyDrop, minSamples: monitor.minSamples });

interface Window {
  requests: readonly RequestSample[];
  ratings: readonly RatingSample[];
}

const judgeScores = (w: Window) => w.requests.filter((r) => r.judged).map((r) => r.judged!.accuracy);
const goodShares = (w: Window) => w.ratings.map((r) => (r.good ? 1 : 0));

function meanAndVariance(values: readonly number[]) {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  return { n, mean, variance };
}

/**
 * One-sided two-sample z-test (unpooled variances) of H0: baseline − current ≤ margin against
 * H1: baseline − current > margin, on per-answer values; for 0/1 values it is the Wald
 * two-proportion test. With both variances 0 the difference is certain: p is 0 or 1.
 */
export function dropTest(baseline: readonly number[], current: readonly number[], marginPoints: number): { z: number; p: number } {
  const b = meanAndVariance(baseline);
  const c = meanAndVariance(current);
  const excess = b.mean - c.mean - marginPoints / 100;
  const se = Math.sqrt(b.variance / b.n + c.variance / c.n);
  if (se === 0) return excess > 0 ? { z: Infinity, p: 0 } : { z: excess === 0 ? 0 : -Infinity, p: 1 };
  const z = excess / se;
  return { z, p: 1 - normalCdf(z) };
}

const fmt = (x: number) => String(round(x));

/**
 * The check at one look: the judge's accuracy when both windows have `minSamples` judged
 * answers, else the good share of ratings when both have `minSamples` ratings, else untested.
 * Tested at `runLevelAlpha(look, runFalseAlarmRate, runHorizon)`, so that a run of any length
 * raises a false "accuracy drop" with probability at most `runFalseAlarmRate`.
 */
export function accuracyDrop(baseline: Window, current: Window, rules: AccuracyDropRules, look: number, atIso: string): AccuracyDrop {
  const untested = (reason: string): AccuracyDrop => ({
    source: null, baseline: null, current: null, baseline_samples: 0, current_samples: 0, drop_percent: null, threshold_points: rules.points,
    statistic: null, p_value: null, alpha: 0, look: look - 1, detected: false, evaluated_at: null, reason,
  });
  const judged = [judgeScores(baseline), judgeScores(current)] as const;
  const rated = [goodShares(baseline), goodShares(current)] as const;
  const enough = (pair: readonly [number[], number[]]) => pair[0].length >= rules.minSamples && pair[1].length >= rules.minSamples;
  const [source, [b, c]] = enough(judged) ? (['judge', judged] as const) : enough(rated) ? (['ratings', rated] as const) : [null, [[], []] as const];
  if (source === null) {
    return untested(`not tested: fewer than ${rules.minSamples} judged answers or ratings in the reference window (${judged[0].length} judged, ${rated[0].length} rated) or the current one (${judged[1].length}, ${rated[1].length})`);
  }
  const alpha = runLevelAlpha(look, rules.runFalseAlarmRate, rules.runHorizon);
  const { z, p } = dropTest(b, c, rules.points);
  const baseMean = b.reduce((x, y) => x + y, 0) / b.length;
  const curMean = c.reduce((x, y) => x + y, 0) / c.length;
  const drop = (baseMean - curMean) * 100;
  const detected = p < alpha;
  const what = source === 'judge' ? 'judge accuracy' : 'share of good ratings';
  const numbers = `${what} ${fmt(curMean)} (${c.length}) vs ${fmt(baseMean)} (${b.length}) in the reference window: ${fmt(drop)} points, p = ${p.toPrecision(3)} ${detected ? '<' : '≥'} α ${alpha.toPrecision(3)} (look ${look})`;
  return {
    source, baseline: round(baseMean), current: round(curMean), baseline_samples: b.length, current_samples: c.length, drop_percent: round(drop), threshold_points: rules.points,
    statistic: Number.isFinite(z) ? round(z) : null, p_value: p, alpha, look, detected, evaluated_at: atIso,
    reason: detected ? `accuracy drop > ${rules.points} points: ${numbers}; investigate + retrain` : `no drop shown > ${rules.points} points: ${numbers}`,
  };
}

/** What the monitor keeps of the check between passes: one look per disjoint window. */
export interface AccuracyDropState {
  looks: number;
  lastLookMs: number | null;
  last: AccuracyDrop | null;
}

export const newAccuracyDropState = (): AccuracyDropState => ({ looks: 0, lastLookMs: null, last: null });

/**
 * The pass's check: a new look once a whole window has passed since the last one (passes within
 * a window see nearly the same answers, and each look spends error rate), else the last look's
 * result. `fresh` is true when this pass made the look.
 */
export function accuracyDropPass(state: AccuracyDropState, baseline: Window, current: Window, rules: AccuracyDropRules, nowMs: number, windowMs: number): { drop: AccuracyDrop; fresh: boolean } {
  if (state.last && state.lastLookMs !== null && nowMs - state.lastLookMs < windowMs) return { drop: state.last, fresh: false };
  const drop = accuracyDrop(baseline, current, rules, state.looks + 1, new Date(nowMs).toISOString());
  if (drop.source === null) return { drop: state.last ? { ...state.last, reason: `${drop.reason}; last look: ${state.last.reason}` } : drop, fresh: false };
  state.looks += 1;
  state.lastLookMs = nowMs;
  state.last = drop;
  return { drop, fresh: true };
}

/** The recommendation when a drop is shown: fine-tune ("investigate + retrain"), the drop in its reason and improvement areas. */
export function withAccuracyDrop(recommendation: Recommendation, drop: AccuracyDrop, monitor: Pick<MonitorConfig, 'trigger' | 'methods'>): Recommendation {
  if (!drop.detected) return recommendation;
  const method = recommendation.method ?? chooseMethod(recommendation.urgency, recommendation.confidence, monitor.trigger, monitor.methods);
  return {
    ...recommendation,
    action: 'fine_tune',
    method,
    improvement_areas: [...recommendation.improvement_areas, `investigate + retrain: live accuracy fell ${drop.drop_percent} points (p = ${drop.p_value!.toPrecision(3)})`],
    reason: `${recommendation.reason}; ${drop.reason}`,
  };
}
