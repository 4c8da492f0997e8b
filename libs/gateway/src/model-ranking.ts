import type { GatewayRequestKind } from '@flywheel/contracts';
import { quantile } from './latency-histogram.js';
import type { PerformanceTracker } from './performance-tracker.js';
import type { Upstream } from './upstreams.js';

export type Criterion = 'speed' | 'accuracy' | 'cost';
export const CRITERIA: readonly Criterion[] = ['speed', 'accuracy', 'cost'];

export interface Ranked {
  model: string;
  /** The criterion's figure: p50 ms (speed, lower is better), success rate × feedback (accuracy, higher), cost per million tokens (cost, lower); null without data. */
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
  if (criterion === 'cost') return upstream.costPerMillionTokens ?? 0;
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
  const higherIsBetter = criterion === 'accuracy';
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
 * The models to try for one request, in order, at most `maxAttempts`: the one the caller
 * named first (when it is an upstream and not blacklisted), then the ranking without
 * blacklisted models. When every model is blacklisted they are all tried anyway, soonest
 * recovery first, rather than refuse all traffic (a lone deployed server that had a blip
 * keeps serving; a further failure lengthens its blacklisting).
 */
export function modelsToTry(
  tracker: PerformanceTracker,
  upstreams: readonly Upstream[],
  criterion: Criterion,
  kind: GatewayRequestKind,
  requested: string | undefined,
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
  const first = requested && available.includes(requested) ? [requested] : [];
  return [...first, ...available.filter((m) => m !== requested)].slice(0, maxAttempts);
}
