import { FEEDBACK_DIMENSIONS, GatewayRequestKind, type FeedbackDimension, type FeedbackDimensions } from '@flywheel/contracts';
import { afterFailure, afterSuccess, HEALTHY, isBlacklisted, type BlacklistPolicy, type ModelHealth } from './blacklist.js';
import {
  createHistogram,
  histogramFromJson,
  histogramToJson,
  mergeHistogram,
  recordLatency,
  type LatencyHistogram,
  type LatencyHistogramJson,
} from './latency-histogram.js';

/** Every request kind, one per proxied route: text-to-text (chat, completion), image, audio, video. */
export const REQUEST_KINDS: readonly GatewayRequestKind[] = GatewayRequestKind.options;
/** Evaluations kept per model (the newest). */
export const EVALUATIONS_KEPT = 200;

/** How one upstream attempt ended, as the tracker counts it. */
export type AttemptOutcome =
  /** answered (2xx) */
  | 'success'
  /** the model's fault: refused, timed out, 5xx, 429, broken stream */
  | 'failure'
  /** the caller's fault (4xx other than 429): counted apart, touches neither success rate nor blacklist */
  | 'client_error';

export interface AttemptRecord {
  model: string;
  kind: GatewayRequestKind;
  outcome: AttemptOutcome;
  latencyMs: number;
  promptTokens?: number | null;
  completionTokens?: number | null;
  /** Milliseconds spent generating the completion tokens (first to last token when streamed). */
  generationMs?: number | null;
}

/** One rating of a model's answer (seed 003's ResponseEvaluator record). */
export interface Evaluation {
  at: string;
  model: string;
  request_id: string | null;
  /** 0 (worst) to 1 (best). */
  score: number;
  rating: 'good' | 'bad' | null;
  corrected: boolean;
  /** Seed 003's per-dimension ratings as given (1–5), when the rating had any. */
  dimensions?: FeedbackDimensions;
}

/** Ratings of one dimension: how many, and their sum on the 1–5 scale. */
export interface DimensionTotal {
  count: number;
  sum: number;
}
/** Per dimension, only those rated at least once. */
export type DimensionTotals = Partial<Record<FeedbackDimension, DimensionTotal>>;
/** Per rated dimension, how many ratings and their mean (1–5). */
export type DimensionSummary = Partial<Record<FeedbackDimension, { count: number; mean: number }>>;

export interface KindStats {
  requests: number;
  successes: number;
  failures: number;
  clientErrors: number;
  latency: LatencyHistogram;
  promptTokens: number;
  completionTokens: number;
  /** Completion tokens of the answers that had a generation time, and that time. */
  timedTokens: number;
  generationMs: number;
}

interface ModelState {
  health: ModelHealth;
  kinds: Record<GatewayRequestKind, KindStats>;
  feedbackCount: number;
  feedbackSum: number;
  dimensions: DimensionTotals;
  evaluations: Evaluation[];
}

/** The file form of the tracker (`status/gateway_performance.json`). */
export interface TrackerSnapshot {
  version: 1;
  saved_at: string;
  /** Last feedback stream entry applied, so a restart does not count ratings twice. */
  feedback_cursor: string;
  models: Record<
    string,
    {
      consecutive_failures: number;
      blacklisted_until: number | null;
      feedback_count: number;
      feedback_sum: number;
      /** Snapshots from before the image, audio and video kinds have chat and completion only. */
      kinds: Partial<Record<GatewayRequestKind, Omit<KindStats, 'latency'> & { latency: LatencyHistogramJson }>>;
      /** Absent in snapshots from before seed 003's dimensions. */
      dimensions?: DimensionTotals;
      evaluations: Evaluation[];
    }
  >;
}

export interface PerformanceTrackerOptions {
  policy: BlacklistPolicy;
  /** Epoch ms; injectable so tests can move time. */
  now?: () => number;
}

function emptyKinds(): Record<GatewayRequestKind, KindStats> {
  return Object.fromEntries(REQUEST_KINDS.map((kind) => [kind, emptyKind()])) as Record<GatewayRequestKind, KindStats>;
}

function emptyKind(): KindStats {
  return {
    requests: 0, successes: 0, failures: 0, clientErrors: 0, latency: createHistogram(),
    promptTokens: 0, completionTokens: 0, timedTokens: 0, generationMs: 0,
  };
}

/**
 * Per model and request kind: outcomes, a latency histogram of successful attempts, tokens
 * and generation time; per model: feedback and the blacklist state. Models appear on first use.
 */
export function createPerformanceTracker({ policy, now = Date.now }: PerformanceTrackerOptions) {
  const models = new Map<string, ModelState>();
  let feedbackCursor = '0';

  const stateOf = (model: string): ModelState => {
    let state = models.get(model);
    if (!state) {
      state = { health: HEALTHY, kinds: emptyKinds(), feedbackCount: 0, feedbackSum: 0, dimensions: {}, evaluations: [] };
      models.set(model, state);
    }
    return state;
  };

  return {
    now,
    policy,
    recordAttempt(attempt: AttemptRecord): void {
      const state = stateOf(attempt.model);
      const stats = state.kinds[attempt.kind];
      stats.requests += 1;
      if (attempt.outcome === 'client_error') {
        stats.clientErrors += 1;
        return;
      }
      if (attempt.outcome === 'failure') {
        stats.failures += 1;
        state.health = afterFailure(state.health, policy, now());
        return;
      }
      stats.successes += 1;
      state.health = afterSuccess();
      recordLatency(stats.latency, attempt.latencyMs);
      stats.promptTokens += attempt.promptTokens ?? 0;
      stats.completionTokens += attempt.completionTokens ?? 0;
      if (attempt.completionTokens && attempt.generationMs && attempt.generationMs > 0) {
        stats.timedTokens += attempt.completionTokens;
        stats.generationMs += attempt.generationMs;
      }
    },

    /** Records a rating of a model's answer; `score` is 0 (worst) to 1 (best). */
    recordFeedback(evaluation: Omit<Evaluation, 'at'> & { at?: string }): void {
      if (!(evaluation.score >= 0 && evaluation.score <= 1)) throw new RangeError(`feedback score must be in [0, 1], got ${evaluation.score}`);
      const state = stateOf(evaluation.model);
      state.feedbackCount += 1;
      state.feedbackSum += evaluation.score;
      for (const dimension of FEEDBACK_DIMENSIONS) {
        const given = evaluation.dimensions?.[dimension];
        if (given === undefined) continue;
        const total = (state.dimensions[dimension] ??= { count: 0, sum: 0 });
        total.count += 1;
        total.sum += given;
      }
      state.evaluations.push({ ...evaluation, at: evaluation.at ?? new Date(now()).toISOString() });
      if (state.evaluations.length > EVALUATIONS_KEPT) state.evaluations.splice(0, state.evaluations.length - EVALUATIONS_KEPT);
    },

    health(model: string): ModelHealth {
      return models.get(model)?.health ?? HEALTHY;
    },
    isBlacklisted(model: string): boolean {
      return isBlacklisted(this.health(model), now());
    },
    /** Stats of one kind, or of every kind merged when `kind` is omitted. */
    stats(model: string, kind?: GatewayRequestKind): KindStats {
      const state = models.get(model);
      if (!state) return emptyKind();
      if (kind) return state.kinds[kind];
      const total = emptyKind();
      for (const k of REQUEST_KINDS) {
        const part = state.kinds[k];
        total.requests += part.requests;
        total.successes += part.successes;
        total.failures += part.failures;
        total.clientErrors += part.clientErrors;
        mergeHistogram(total.latency, part.latency);
        total.promptTokens += part.promptTokens;
        total.completionTokens += part.completionTokens;
        total.timedTokens += part.timedTokens;
        total.generationMs += part.generationMs;
      }
      return total;
    },
    feedback(model: string): { count: number; mean: number | null } {
      const state = models.get(model);
      return state && state.feedbackCount ? { count: state.feedbackCount, mean: state.feedbackSum / state.feedbackCount } : { count: 0, mean: null };
    },
    /** Per dimension rated at least once, the count and mean (1–5) of its ratings: of one model, or of all when `model` is omitted. */
    dimensionFeedback(model?: string): DimensionSummary {
      const states = model ? [models.get(model)].filter((s): s is ModelState => s !== undefined) : [...models.values()];
      const out: DimensionSummary = {};
      for (const dimension of FEEDBACK_DIMENSIONS) {
        let count = 0;
        let sum = 0;
        for (const state of states) {
          count += state.dimensions[dimension]?.count ?? 0;
          sum += state.dimensions[dimension]?.sum ?? 0;
        }
        if (count > 0) out[dimension] = { count, mean: sum / count };
      }
      return out;
    },
    evaluations(model?: string): Evaluation[] {
      const all = model ? (models.get(model)?.evaluations ?? []) : [...models.values()].flatMap((s) => s.evaluations);
      return [...all].sort((a, b) => b.at.localeCompare(a.at));
    },
    models(): string[] {
      return [...models.keys()];
    },
    feedbackCursor: () => feedbackCursor,
    setFeedbackCursor(id: string): void {
      feedbackCursor = id;
    },

    snapshot(): TrackerSnapshot {
      const out: TrackerSnapshot['models'] = {};
      for (const [name, state] of models) {
        const kinds = {} as TrackerSnapshot['models'][string]['kinds'];
        for (const k of REQUEST_KINDS) kinds[k] = { ...state.kinds[k], latency: histogramToJson(state.kinds[k].latency) };
        out[name] = {
          consecutive_failures: state.health.consecutiveFailures,
          blacklisted_until: state.health.blacklistedUntil,
          kinds,
          feedback_count: state.feedbackCount,
          feedback_sum: state.feedbackSum,
          dimensions: state.dimensions,
          evaluations: state.evaluations,
        };
      }
      return { version: 1, saved_at: new Date(now()).toISOString(), feedback_cursor: feedbackCursor, models: out };
    },

    /** Replaces everything with a saved snapshot (at start, so history survives restarts). */
    restore(snapshot: TrackerSnapshot): void {
      models.clear();
      feedbackCursor = snapshot.feedback_cursor;
      for (const [name, saved] of Object.entries(snapshot.models)) {
        const kinds = emptyKinds();
        for (const k of REQUEST_KINDS) {
          const kept = saved.kinds[k];
          if (kept) kinds[k] = { ...kept, latency: histogramFromJson(kept.latency) };
        }
        models.set(name, {
          health: { consecutiveFailures: saved.consecutive_failures, blacklistedUntil: saved.blacklisted_until },
          kinds,
          feedbackCount: saved.feedback_count,
          feedbackSum: saved.feedback_sum,
          dimensions: saved.dimensions ?? {},
          evaluations: saved.evaluations,
        });
      }
    },
  };
}
export type PerformanceTracker = ReturnType<typeof createPerformanceTracker>;
