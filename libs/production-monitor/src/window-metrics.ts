import { quantileSorted } from '@flywheel/statistics';
import { judgeFlagFigures, type JudgeFlagFigures } from './judge-flags.js';
import type { JudgeScores, RatingSample, RequestSample } from './samples.js';

export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
}

export interface SkillFigures extends JudgeFlagFigures {
  requests: number;
  errors: number;
  error_rate: number | null;
  ratings: number;
  bad_ratings: number;
  bad_rate: number | null;
  task_score: number | null;
}

export interface QualityFigures extends JudgeFlagFigures {
  judged: number;
  relevance: number | null;
  accuracy: number | null;
  completeness: number | null;
  coherence: number | null;
  task_scores: Record<string, number>;
  /** Judged answers whose prompt carried context. */
  context_judged: number;
  /** Share of those not supported by their context (seed 001's hallucination rate). */
  hallucination_rate: number | null;
  /** Ratings with a correction, scored against it: means of BLEU-4 and ROUGE-L F. */
  corrections: { scored: number; bleu: number | null; rouge_l: number | null };
}

/**
 * Requests and output tokens per second over the window's span (seed 000's and 001's
 * throughput). The span is the window's length, not first-to-last request: the window is
 * observed whole (the monitor reads the streams from its start), so idle time is part of it,
 * and first-to-last would count n requests over n − 1 gaps and be undefined for one request.
 */
export interface Throughput {
  /** Seconds the rates are over; null when the caller gave no span. */
  span_seconds: number | null;
  /** Every request of the window (failed ones too: the gateway handled them) / span. */
  requests_per_second: number | null;
  /** Completion tokens the upstreams reported / span (a request without usage counts 0). */
  output_tokens_per_second: number | null;
  /** Requests whose upstream reported completion tokens. */
  requests_with_usage: number;
}

/** The window's figures (what seeds 000 and 001 track), before any judgement. */
export interface WindowMetrics {
  requests: number;
  ratings: number;
  response_time_ms: Percentiles;
  time_to_first_token_ms: Percentiles;
  tokens_per_second: Percentiles;
  error_rate: number | null;
  user_rating: number | null;
  correction_frequency: number | null;
  clarification_rate: number | null;
  unknown_query_rate: number | null;
  throughput: Throughput;
  quality: QualityFigures;
  by_skill: Record<string, SkillFigures>;
  /** Per model: requests and latencies, for the exported metric entries. */
  by_model: Record<string, { requests: number; errors: number; callerFaults: number; response_time_ms: Percentiles; tokens_per_second: Percentiles; throughput: Throughput; kind: RequestSample['kind'] }>;
}

/** A skill tag as the figures key it; untagged traffic is "(untagged)". */
export const skillKey = (skill: string | null) => skill ?? '(untagged)';

/** p50/p95/p99 (linear interpolation, numpy's default) and the mean; nulls when empty. */
export function percentiles(values: readonly number[]): Percentiles {
  if (values.length === 0) return { p50: null, p95: null, p99: null, mean: null };
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    mean: sum / sorted.length,
  };
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const meanOf = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

/** Throughput of some requests over `spanSeconds` (see `Throughput`); rates null without a positive span. */
export function throughput(requests: readonly RequestSample[], spanSeconds: number | null): Throughput {
  let tokens = 0;
  let withUsage = 0;
  for (const r of requests) {
    if (r.completionTokens === null) continue;
    tokens += r.completionTokens;
    withUsage += 1;
  }
  const span = spanSeconds !== null && spanSeconds > 0 ? spanSeconds : null;
  return {
    span_seconds: span,
    requests_per_second: span === null ? null : requests.length / span,
    output_tokens_per_second: span === null ? null : tokens / span,
    requests_with_usage: withUsage,
  };
}

/**
 * The figures of one window:
 * - response time, time to first token, tokens/s: over every request that reports them;
 * - error rate: failed requests / requests; unknown-query rate: "I don't know" answers / successful requests;
 * - user rating: mean score of the ratings; correction frequency: ratings that are bad and carry a
 *   correction / ratings; clarification rate: feedback asking for clarification / requests;
 * - quality: means of the judge's scores over the judged requests; hallucination rate: judged answers
 *   with context that the judge found unsupported / judged answers with context; outdated and bias
 *   rates: answers flagged / judged answers carrying the flag (judge-flags.ts); corrections: means of
 *   BLEU-4 and ROUGE-L of each corrected answer against its correction;
 * - throughput: requests and output tokens per second over `spanSeconds`, the window's length
 *   (null rates without it), overall and per model.
 */
export function windowMetrics(requests: readonly RequestSample[], ratings: readonly RatingSample[], spanSeconds: number | null = null): WindowMetrics {
  const latencies: number[] = [];
  const firstTokens: number[] = [];
  const speeds: number[] = [];
  let errors = 0;
  // Requests that failed by the caller's doing: neither an error of the model nor an answer.
  let callerFaults = 0;
  let successes = 0;
  let unknown = 0;
  const judged: RequestSample[] = [];
  const bySkill = new Map<string, { requests: number; errors: number; callerFaults: number; ratings: number; bad: number; task: number[]; judged: JudgeScores[] }>();
  const skillOf = (skill: string | null) => {
    const key = skillKey(skill);
    let entry = bySkill.get(key);
    if (!entry) bySkill.set(key, (entry = { requests: 0, errors: 0, callerFaults: 0, ratings: 0, bad: 0, task: [], judged: [] }));
    return entry;
  };
  const byModel = new Map<string, { kind: RequestSample['kind']; requests: number; errors: number; callerFaults: number; latencies: number[]; speeds: number[]; samples: RequestSample[] }>();
  for (const r of requests) {
    latencies.push(r.latencyMs);
    if (r.firstTokenMs !== null) firstTokens.push(r.firstTokenMs);
    if (r.tokensPerSecond !== null) speeds.push(r.tokensPerSecond);
    const skill = skillOf(r.skill);
    skill.requests += 1;
    let model = byModel.get(r.model);
    if (!model) byModel.set(r.model, (model = { kind: r.kind, requests: 0, errors: 0, callerFaults: 0, latencies: [], speeds: [], samples: [] }));
    model.requests += 1;
    model.samples.push(r);
    model.latencies.push(r.latencyMs);
    if (r.tokensPerSecond !== null) model.speeds.push(r.tokensPerSecond);
    if (r.ok) {
      successes += 1;
      if (r.unknown) unknown += 1;
    } else if (r.callerFault) {
      callerFaults += 1;
      skill.callerFaults += 1;
      model.callerFaults += 1;
    } else {
      errors += 1;
      skill.errors += 1;
      model.errors += 1;
    }
    if (r.judged) {
      judged.push(r);
      skill.task.push(r.judged.task);
      skill.judged.push(r.judged);
    }
  }
  let scoreSum = 0;
  let corrected = 0;
  let clarifications = 0;
  const bleus: number[] = [];
  const rouges: number[] = [];
  for (const rating of ratings) {
    if (rating.correctionScores) {
      bleus.push(rating.correctionScores.bleu);
      rouges.push(rating.correctionScores.rougeL);
    }
    scoreSum += rating.score;
    if (rating.corrected) corrected += 1;
    if (rating.clarification) clarifications += 1;
    const skill = skillOf(rating.skill);
    skill.ratings += 1;
    if (!rating.good) skill.bad += 1;
  }
  const by_skill: Record<string, SkillFigures> = {};
  for (const [key, s] of [...bySkill.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    by_skill[key] = {
      requests: s.requests,
      errors: s.errors,
      error_rate: ratio(s.errors, s.requests - s.callerFaults),
      ratings: s.ratings,
      bad_ratings: s.bad,
      bad_rate: ratio(s.bad, s.ratings),
      task_score: meanOf(s.task),
      ...judgeFlagFigures(s.judged),
    };
  }
  const task_scores: Record<string, number> = {};
  for (const [key, s] of Object.entries(by_skill)) if (s.task_score !== null) task_scores[key] = s.task_score;
  const withContext = judged.filter((r) => r.judged!.contextGiven);
  const by_model: WindowMetrics['by_model'] = {};
  for (const [name, m] of byModel) {
    by_model[name] = { kind: m.kind, requests: m.requests, errors: m.errors, callerFaults: m.callerFaults, response_time_ms: percentiles(m.latencies), tokens_per_second: percentiles(m.speeds), throughput: throughput(m.samples, spanSeconds) };
  }
  return {
    requests: requests.length,
    ratings: ratings.length,
    response_time_ms: percentiles(latencies),
    time_to_first_token_ms: percentiles(firstTokens),
    tokens_per_second: percentiles(speeds),
    error_rate: ratio(errors, requests.length - callerFaults),
    user_rating: ratings.length === 0 ? null : scoreSum / ratings.length,
    correction_frequency: ratio(corrected, ratings.length),
    clarification_rate: ratio(clarifications, requests.length),
    unknown_query_rate: ratio(unknown, successes),
    throughput: throughput(requests, spanSeconds),
    quality: {
      judged: judged.length,
      relevance: meanOf(judged.map((r) => r.judged!.relevance)),
      accuracy: meanOf(judged.map((r) => r.judged!.accuracy)),
      completeness: meanOf(judged.map((r) => r.judged!.completeness)),
      coherence: meanOf(judged.map((r) => r.judged!.coherence)),
      task_scores,
      context_judged: withContext.length,
      hallucination_rate: ratio(withContext.filter((r) => r.judged!.supported === false).length, withContext.length),
      ...judgeFlagFigures(judged.map((r) => r.judged!)),
      corrections: { scored: bleus.length, bleu: meanOf(bleus), rouge_l: meanOf(rouges) },
    },
    by_skill,
    by_model,
  };
}
