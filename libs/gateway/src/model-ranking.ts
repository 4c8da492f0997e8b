import { GatewayCriterion, type GatewayRequestKind } from '@flywheel/contracts';
import { quantile } from './latency-histogram.js';
import type { PerformanceTracker } from './performance-tracker.js';
import { upstreamCost } from './upstream-cost.js';
import type { Upstream } from './upstreams.js';

/** What the models can be ranked by (the `/performance/rankings` criteria). */
export type Criterion = 'speed' | 'accuracy' | 'cost' | 'creativity';
export const CRITERIA: readonly Criterion[] = ['speed', 'accuracy', 'cost', 'creativity'];

/** What a request may ask for (seed 003's five): the rankings, and `continuity`, which is per conversation. */
export type RequestCriterion = GatewayCriterion;
export const REQUEST_CRITERIA: readonly RequestCriterion[] = GatewayCriterion.options;

/**
 * The ranking a request is served by. `continuity` puts the conversation's model first (see
 * modelsToTry's `preferred`); the rest, and a new conversation, are ranked by the configured
 * criterion, or by speed when that is `continuity` too.
 */
export function rankingCriterion(requested: RequestCriterion, configured: RequestCriterion): Criterion {
  if (requested !== 'continuity') return requested;
  return configured !== 'continuity' ? configured : 'speed';
}

/**
 * The prior of "creativity": every model starts with CREATIVITY_PRIOR_WEIGHT ratings of
 * CREATIVITY_PRIOR_MEAN (the middle of the 1–5 scale), so a model nobody rated counts 3 and a
 * single 5 cannot put it above a model rated 4 many times.
 */
export const CREATIVITY_PRIOR_MEAN = 3;
export const CREATIVITY_PRIOR_WEIGHT = 2;

/** A model's creativity figure: its mean creativity rating (1–5) with the prior's ratings added. */
export function smoothedCreativity(count: number, mean: number | null): number {
  return ((mean ?? 0) * count + CREATIVITY_PRIOR_MEAN * CREATIVITY_PRIOR_WEIGHT) / (count + CREATIVITY_PRIOR_WEIGHT);
}

export interface Ranked {
  model: string;
  /** The criterion's figure: p50 ms (speed, lower is better), success rate × feedback (accuracy, higher), cost per million tokens (cost, lower), smoothed mean creativity rating 1–5 (creativity, higher); null without data. */
  score: number | null;
  blacklisted: boolean;
}

/**
 * Feedback factor for "accuracy": the mean score with one good and one bad rating added
 * (Laplace), so a model nobody rated counts 0.5 and two ratings cannot swing it to 0 or 1.
 */
export function smoothedFeedback(count: number, mean: number | null): number {
  return ((mean ?? 0) * count + 1) / (count + 2);
}

function scoreOf(tracker: PerformanceTracker, upstream: Upstream, criterion: Criterion, kind: GatewayRequestKind): number | null {
  if (criterion === 'cost') return upstreamCost(upstream, tracker).perMillionTokens;
  if (criterion === 'creativity') {
    const creativity = tracker.dimensionFeedback(upstream.name).creativity;
    return smoothedCreativity(creativity?.count ?? 0, creativity?.mean ?? null);
  }
  const stats = tracker.stats(upstream.name, kind);
  if (criterion === 'speed') return quantile(stats.latency, 0.5);
  const judged = stats.successes + stats.failures;
  if (judged === 0) return null;
  const feedback = tracker.feedback(upstream.name);
  return (stats.successes / judged) * smoothedFeedback(feedback.count, feedback.mean);
}

/**
 * Every upstream, best first by `criterion` for this request kind. Models with data come
 * before models without; ties and models without data keep the configured order (the
 * deployed checkpoint's server first), so with no history the configured order is the ranking.
 */
export function rankModels(tracker: PerformanceTracker, upstreams: readonly Upstream[], criterion: Criterion, kind: GatewayRequestKind): Ranked[] {
  const higherIsBetter = criterion === 'accuracy' || criterion === 'creativity';
  return upstreams
    .map((upstream, order) => ({
      order,
      ranked: { model: upstream.name, score: scoreOf(tracker, upstream, criterion, kind), blacklisted: tracker.isBlacklisted(upstream.name) },
    }))
    .sort((a, b) => {
      const sa = a.ranked.score;
      const sb = b.ranked.score;
      if (sa === null || sb === null) return sa === sb ? a.order - b.order : sa === null ? 1 : -1;
      if (sa !== sb) return higherIsBetter ? sb - sa : sa - sb;
      return a.order - b.order;
    })
    .map(({ ranked }) => ranked);
}

/**
 * The models to try for one request, in order, at most `maxAttempts`: the preferred one first
 * (the one the caller named, or under `continuity` the conversation's; when it is an upstream
 * and not blacklisted), then the ranking without
 * blacklisted models. When every model is blacklisted they are all tried anyway, soonest
 * recovery first, rather than refuse all traffic (a lone deployed server that had a blip
 * keeps serving; a further failure lengthens its blacklisting).
 */
export function modelsToTry(
  tracker: PerformanceTracker,
  upstreams: readonly Upstream[],
  criterion: Criterion,
  kind: GatewayRequestKind,
  preferred: string | undefined,
  maxAttempts: number,
): string[] {
  const ranking = rankModels(tracker, upstreams, criterion, kind);
  const available = ranking.filter((r) => !r.blacklisted).map((r) => r.model);
  if (available.length === 0) {
    return ranking
      .map((r) => r.model)
      .sort((a, b) => (tracker.health(a).blacklistedUntil ?? 0) - (tracker.health(b).blacklistedUntil ?? 0))
      .slice(0, maxAttempts);
  }
  const first = preferred && available.includes(preferred) ? [preferred] : [];
  return [...first, ...available.filter((m) => m !== preferred)].slice(0, maxAttempts);
}
