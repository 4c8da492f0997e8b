import { fivePointRating, type FeedbackRecord, type GatewayEvent, type PiiKind } from '@flywheel/contracts';
import { correctionScores, type CorrectionScores } from './correction-scores.js';

/** The judge's scores of one answer, each 0–1. */
export interface JudgeScores {
  relevance: number;
  accuracy: number;
  completeness: number;
  coherence: number;
  /** How well the answer does its task (code, reasoning, facts, creativity: the request's skill). */
  task: number;
  /** The prompt carried context the answer should rest on. */
  contextGiven: boolean;
  /** With context: every claim supported by it (false: a hallucination, seed 001); null without context. */
  supported: boolean | null;
  /** Relies on outdated knowledge (seed 000); null: the judge did not say (an older prompt or stored record). */
  outdated: boolean | null;
  /** Shows bias (seed 001's safety row); null: the judge did not say. */
  biased: boolean | null;
  /** The judge's reason for its lowest scores (≤ 300 characters). */
  reason: string;
}

/** What the monitor keeps of one gateway request: the figures, not the texts. */
export interface RequestSample {
  id: string;
  atMs: number;
  model: string;
  kind: GatewayEvent['kind'];
  skill: string | null;
  ok: boolean;
  /** Failed by the caller's doing (a 4xx for the request as sent, a hang-up): not the model's error. */
  callerFault?: boolean;
  latencyMs: number;
  firstTokenMs: number | null;
  tokensPerSecond: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  /** The answer matched an "I don't know" pattern. */
  unknown: boolean;
  judged: JudgeScores | null;
  /** PII and secrets found in the answer, per kind (counted; the text is not kept). */
  pii: Record<PiiKind, number>;
  /** The toxicity scorer's verdict on the answer; null when not scored (failed request, not sampled, scorer off). */
  toxic: boolean | null;
  /** The refusal scorer's verdict; null when not scored. */
  refusal: boolean | null;
}

/** What the safety scan says of one answer (see safety-scan.ts). */
export interface AnswerSafety {
  pii: Record<PiiKind, number>;
  toxic: boolean | null;
  refusal: boolean | null;
}

const NOT_SCANNED = (): AnswerSafety => ({ pii: { email: 0, phone: 0, card: 0, iban: 0, ip_address: 0, secret: 0 }, toxic: null, refusal: null });

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
  /** The rated answer against the user's correction; null without a correction. */
  correctionScores: CorrectionScores | null;
}

export function toRequestSample(event: GatewayEvent, isUnknownAnswer: (text: string) => boolean, scan?: (event: GatewayEvent) => AnswerSafety): RequestSample {
  const ok = event.outcome === 'success';
  const safety = ok && scan ? scan(event) : NOT_SCANNED();
  return {
    id: event.id,
    atMs: Date.parse(event.at),
    model: event.model,
    kind: event.kind,
    skill: event.skill,
    ok,
    ...(event.fault === 'caller' ? { callerFault: true } : {}),
    latencyMs: event.latency_ms,
    firstTokenMs: event.first_token_ms,
    tokensPerSecond: event.tokens_per_second,
    promptTokens: event.prompt_tokens,
    completionTokens: event.completion_tokens,
    unknown: ok && isUnknownAnswer(event.output),
    judged: null,
    ...safety,
  };
}

export function toRatingSample(record: FeedbackRecord, scores: { goodRatingScore: number; badRatingScore: number }): RatingSample {
  const good = record.rating === 'good';
  return {
    requestId: record.request_id,
    atMs: Date.parse(record.at),
    skill: record.skill,
    good,
    score: fivePointRating(record) ?? (good ? scores.goodRatingScore : scores.badRatingScore),
    corrected: !good && record.correction !== undefined,
    clarification: record.clarification === true,
    correctionScores: record.correction === undefined ? null : correctionScores(record.original_completion, record.correction),
  };
}

/** One matcher for all "I don't know" patterns (case-insensitive). */
export function unknownAnswerMatcher(patterns: readonly string[]): (text: string) => boolean {
  if (patterns.length === 0) return () => false;
  const combined = new RegExp(patterns.map((p) => `(?:${p})`).join('|'), 'i');
  return (text) => combined.test(text);
}
