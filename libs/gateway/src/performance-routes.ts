import type { GatewayRequestKind } from '@flywheel/contracts';
import { Router, type Request, type Response } from 'express';
import { meanLatency, quantile } from './latency-histogram.js';
import { CRITERIA, rankModels, rankingCriterion, type Criterion, type RequestCriterion } from './model-ranking.js';
import { REQUEST_KINDS, type DimensionSummary, type KindStats, type PerformanceTracker } from './performance-tracker.js';
import { typesOf, upstreamsFor, type Upstream } from './upstreams.js';
import { upstreamCost } from './upstream-cost.js';

export interface PerformanceRoutesOptions {
  tracker: PerformanceTracker;
  upstreams: readonly Upstream[];
  /** The gateway's configured criterion; the default of `/performance/rankings` (for `continuity`, the ranking it starts new conversations by). */
  criterion: RequestCriterion;
}

const round = (value: number | null, digits = 3) => (value === null ? null : Number(value.toFixed(digits)));

/** Per dimension rated, its count and mean (1–5, 4 decimals); dimensions nobody rated are left out. */
export function dimensionsView(summary: DimensionSummary) {
  return Object.fromEntries(Object.entries(summary).map(([dimension, { count, mean }]) => [dimension, { count, mean: round(mean, 4) }]));
}

/** One model and kind's figures, as the routes show them. */
export function statsView(stats: KindStats) {
  const judged = stats.successes + stats.failures;
  return {
    requests: stats.requests,
    successes: stats.successes,
    failures: stats.failures,
    client_errors: stats.clientErrors,
    success_rate: judged ? round(stats.successes / judged, 4) : null,
    latency_ms: {
      count: stats.latency.count,
      mean: round(meanLatency(stats.latency)),
      p50: round(quantile(stats.latency, 0.5)),
      p95: round(quantile(stats.latency, 0.95)),
      p99: round(quantile(stats.latency, 0.99)),
    },
    prompt_tokens: stats.promptTokens,
    completion_tokens: stats.completionTokens,
    average_completion_tokens: stats.successes ? round(stats.completionTokens / stats.successes, 2) : null,
    tokens_per_second: stats.generationMs > 0 ? round(stats.timedTokens / (stats.generationMs / 1000), 2) : null,
  };
}

function modelView(options: PerformanceRoutesOptions, upstream: Upstream) {
  const { tracker } = options;
  const health = tracker.health(upstream.name);
  const feedback = tracker.feedback(upstream.name);
  const cost = upstreamCost(upstream, tracker);
  return {
    model: upstream.name,
    base_url: upstream.baseUrl,
    cost_per_million_tokens: cost.perMillionTokens,
    cost_source: cost.source,
    /** The conversation types it serves (`gateway.upstreams[].types`). */
    types: typesOf(upstream),
    blacklisted: tracker.isBlacklisted(upstream.name),
    blacklisted_until: tracker.isBlacklisted(upstream.name) ? new Date(health.blacklistedUntil!).toISOString() : null,
    consecutive_failures: health.consecutiveFailures,
    overall: statsView(tracker.stats(upstream.name)),
    by_kind: Object.fromEntries(REQUEST_KINDS.map((kind) => [kind, statsView(tracker.stats(upstream.name, kind))])),
    feedback: { count: feedback.count, mean_score: round(feedback.mean, 4), dimensions: dimensionsView(tracker.dimensionFeedback(upstream.name)) },
  };
}

function evaluationSummary(tracker: PerformanceTracker, model: string) {
  const evaluations = tracker.evaluations(model);
  const feedback = tracker.feedback(model);
  return {
    model,
    count: feedback.count,
    mean_score: round(feedback.mean, 4),
    good: evaluations.filter((e) => e.rating === 'good').length,
    bad: evaluations.filter((e) => e.rating === 'bad').length,
    corrected: evaluations.filter((e) => e.corrected).length,
    newest: evaluations[0]?.at ?? null,
    dimensions: dimensionsView(tracker.dimensionFeedback(model)),
  };
}

/**
 * Seed 003's performance and evaluation routes, as an express Router (mounted at the
 * gateway's root; the API can mount it too). Unknown models are a 404 naming the model.
 */
export function performanceRouter(options: PerformanceRoutesOptions): Router {
  const { tracker, upstreams } = options;
  const byName = new Map(upstreams.map((u) => [u.name, u]));
  const router = Router();

  const knownModel = (req: Request, res: Response): Upstream | undefined => {
    const name = String(req.params['modelName']);
    const upstream = byName.get(name);
    if (!upstream) res.status(404).json({ error: `unknown model "${name}"`, models: upstreams.map((u) => u.name) });
    return upstream;
  };

  router.get('/performance', (_req, res) => {
    res.json({ generated_at: new Date(tracker.now()).toISOString(), criterion: options.criterion, models: upstreams.map((u) => modelView(options, u)) });
  });

  router.get('/performance/rankings', (req, res) => {
    const criterion = (req.query['criterion'] ?? rankingCriterion(options.criterion, options.criterion)) as string;
    const kind = (req.query['kind'] ?? 'chat') as string;
    if (!CRITERIA.includes(criterion as Criterion)) {
      res.status(400).json({ error: `criterion must be one of ${CRITERIA.join(', ')}; got "${criterion}"` });
      return;
    }
    if (!REQUEST_KINDS.includes(kind as GatewayRequestKind)) {
      res.status(400).json({ error: `kind must be one of ${REQUEST_KINDS.join(', ')}; got "${kind}"` });
      return;
    }
    // Only the upstreams serving the kind's conversation type: the ones such a request could go to.
    const ranked = rankModels(tracker, upstreamsFor(upstreams, kind as GatewayRequestKind), criterion as Criterion, kind as GatewayRequestKind);
    res.json({ criterion, kind, rankings: ranked.map((r, index) => ({ rank: index + 1, model: r.model, score: round(r.score, 4), blacklisted: r.blacklisted })) });
  });

  router.get('/performance/metrics/:modelName', (req, res) => {
    const upstream = knownModel(req, res);
    if (upstream) res.json(modelView(options, upstream));
  });

  router.get('/performance/blacklisted', (_req, res) => {
    const now = tracker.now();
    res.json({
      blacklisted: upstreams
        .filter((u) => tracker.isBlacklisted(u.name))
        .map((u) => {
          const health = tracker.health(u.name);
          return {
            model: u.name,
            until: new Date(health.blacklistedUntil!).toISOString(),
            remaining_seconds: Math.ceil((health.blacklistedUntil! - now) / 1000),
            consecutive_failures: health.consecutiveFailures,
          };
        }),
    });
  });

  router.get('/performance/summary', (_req, res) => {
    const totals = upstreams.map((u) => tracker.stats(u.name));
    const requests = totals.reduce((sum, s) => sum + s.requests, 0);
    const successes = totals.reduce((sum, s) => sum + s.successes, 0);
    const judged = totals.reduce((sum, s) => sum + s.successes + s.failures, 0);
    res.json({
      models: upstreams.length,
      blacklisted: upstreams.filter((u) => tracker.isBlacklisted(u.name)).length,
      requests,
      success_rate: judged ? round(successes / judged, 4) : null,
      best: Object.fromEntries(CRITERIA.map((c) => [c, rankModels(tracker, upstreams, c, 'chat').find((r) => !r.blacklisted)?.model ?? null])),
      per_model: upstreams.map((u) => {
        const view = statsView(tracker.stats(u.name));
        const feedback = tracker.feedback(u.name);
        return {
          model: u.name, requests: view.requests, success_rate: view.success_rate, p50_ms: view.latency_ms.p50, tokens_per_second: view.tokens_per_second,
          feedback: { count: feedback.count, mean_score: round(feedback.mean, 4), dimensions: dimensionsView(tracker.dimensionFeedback(u.name)) },
        };
      }),
      feedback_dimensions: dimensionsView(tracker.dimensionFeedback()),
    });
  });

  router.get('/evaluations', (_req, res) => {
    res.json({ evaluations: tracker.evaluations(), dimensions: dimensionsView(tracker.dimensionFeedback()) });
  });

  router.get('/evaluations/model/:modelName', (req, res) => {
    const upstream = knownModel(req, res);
    if (upstream) res.json({ model: upstream.name, evaluations: tracker.evaluations(upstream.name), dimensions: dimensionsView(tracker.dimensionFeedback(upstream.name)) });
  });

  router.get('/evaluations/summary', (_req, res) => {
    res.json({ summaries: upstreams.map((u) => evaluationSummary(tracker, u.name)) });
  });

  return router;
}
