import type { FeedbackRecord, GatewayEvent } from '@flywheel/contracts';

/** The judge's scores of one answer, each 0–1. */
export interface JudgeScores {
  relevance: number;
  accuracy: number;
  completeness: number;
  coherence: number;
  /** How well the answer does its task (code, reasoning, facts, creativity: the request's skill). */
  task: number;
}

/** What the monitor keeps of one gateway request: the figures, not the texts. */
export interface RequestSample {
  id: string;
  atMs: number;
  model: string;
  kind: GatewayEvent['kind'];
  skill: string | null;
  ok: boolean;
  latencyMs: number;
  firstTokenMs: number | null;
  tokensPerSecond: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  /** The answer matched an "I don't know" pattern. */
  unknown: boolean;
  judged: JudgeScores | null;
}

/** What the monitor keeps of one rating. */
export interface RatingSample {
  requestId: string;
  atMs: number;
  skill: string | null;
  good: boolean;
  /** 1–5: the user's own score, else the configured score of good or bad. */
  score: number;
  /** Rated bad and given a correction. */
  corrected: boolean;
  clarification: boolean;
}

export function toRequestSample(event: GatewayEvent, isUnknownAnswer: (text: string) => boolean): RequestSample {
  const ok = event.outcome === 'success';
  return {
    id: event.id,
    atMs: Date.parse(event.at),
    model: event.model,
    kind: event.kind,
    skill: event.skill,
    ok,
    latencyMs: event.latency_ms,
    firstTokenMs: event.first_token_ms,
    tokensPerSecond: event.tokens_per_second,
    promptTokens: event.prompt_tokens,
    completionTokens: event.completion_tokens,
    unknown: ok && isUnknownAnswer(event.output),
    judged: null,
  };
}

export function toRatingSample(record: FeedbackRecord, scores: { goodRatingScore: number; badRatingScore: number }): RatingSample {
  const good = record.rating === 'good';
  return {
    requestId: record.request_id,
    atMs: Date.parse(record.at),
    skill: record.skill,
    good,
    score: record.score ?? (good ? scores.goodRatingScore : scores.badRatingScore),
    corrected: !good && record.correction !== undefined,
    clarification: record.clarification === true,
  };
}

/** One matcher for all "I don't know" patterns (case-insensitive). */
export function unknownAnswerMatcher(patterns: readonly string[]): (text: string) => boolean {
  if (patterns.length === 0) return () => false;
  const combined = new RegExp(patterns.map((p) => `(?:${p})`).join('|'), 'i');
  return (text) => combined.test(text);
}
