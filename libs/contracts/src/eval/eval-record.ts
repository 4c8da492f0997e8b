import { z } from 'zod';
import { Difficulty } from './example.js';

/**
 * A figure the backend could not measure (e.g. no echo logprobs). Never replaced by a guess:
 * the record says why it is missing.
 */
export const Unsupported = z.object({ unsupported: z.string().min(1) });
export type Unsupported = z.infer<typeof Unsupported>;

/** Greedy generation parameters; part of every cache key. */
export const GenerationParams = z.object({
  maxTokens: z.number().int().positive().default(256),
  /** 0 = greedy. */
  temperature: z.number().min(0).default(0),
  stop: z.array(z.string()).default([]),
});
export type GenerationParams = z.infer<typeof GenerationParams>;

/** What `<think>` tags the prediction had. */
export const ThinkStats = z.object({
  present: z.boolean(),
  closed: z.boolean(),
  /** Characters inside the think block(s). */
  length: z.number().int().nonnegative(),
});

/** The teacher-forced score of the golden answer given the prompt. */
export const GoldenScore = z.object({
  /** Sum of -log p over the golden's tokens (nats). */
  nll: z.number().nonnegative(),
  tokens: z.number().int().positive(),
  /** nll / tokens: the per-token loss the regression monitor compares. */
  meanNll: z.number().nonnegative(),
  /** Every golden token was the model's top choice. */
  isGreedy: z.boolean().nullable(),
});
export type GoldenScore = z.infer<typeof GoldenScore>;

/** One example evaluated on one checkpoint. */
export const EvalRecord = z.object({
  exampleId: z.string(),
  difficulty: Difficulty,
  skill: z.string(),
  prediction: z.string(),
  correct: z.boolean(),
  think: ThinkStats,
  /** exp(mean token logprob) over the generated answer's tokens (think block excluded). */
  confidence: z.union([z.number().min(0).max(1), Unsupported]),
  golden: z.union([GoldenScore, Unsupported]),
  outputTokens: z.number().int().nonnegative(),
  latencyMs: z.number().nonnegative(),
  /** Backend profile and served model name. */
  backend: z.string(),
  cacheKey: z.string(),
});
export type EvalRecord = z.infer<typeof EvalRecord>;
