import { z } from 'zod';

/** Seed 003's feedback dimensions, in the order its feedback form asks for them. */
export const FEEDBACK_DIMENSIONS = ['relevance', 'accuracy', 'helpfulness', 'creativity', 'overall'] as const;
export type FeedbackDimension = (typeof FEEDBACK_DIMENSIONS)[number];

const DIMENSION_SCORE = 'must be an integer 1–5';
const dimensionScore = z.number({ error: DIMENSION_SCORE }).int(DIMENSION_SCORE).min(1, DIMENSION_SCORE).max(5, DIMENSION_SCORE);

/**
 * Seed 003's five-dimension rating, each 1–5 and each optional, at least one given. Strict, so
 * a misspelt `creativty` is refused rather than dropped.
 */
export const FeedbackDimensions = z
  .strictObject(Object.fromEntries(FEEDBACK_DIMENSIONS.map((d) => [d, dimensionScore.optional()])) as Record<FeedbackDimension, z.ZodOptional<typeof dimensionScore>>)
  .refine((given) => Object.values(given).some((v) => v !== undefined), { message: `give at least one of ${FEEDBACK_DIMENSIONS.join(', ')}` });
export type FeedbackDimensions = z.infer<typeof FeedbackDimensions>;

/** `POST /api/monitor/training/rate` body (seed 002), by the gateway's request id. */
export const FeedbackRating = z.object({
  request_id: z.string().min(1),
  rating: z.enum(['good', 'bad']),
  /** What the answer should have been (for a bad one). */
  correction: z.string().min(1).optional(),
  /** Optional 1–5 score (seed 000's user rating). */
  score: z.number().min(1).max(5).optional(),
  /** The user asked again or for clarification instead of rating (seed 000's clarification requests). */
  clarification: z.boolean().optional(),
  /** Seed 003's per-dimension ratings (relevance, accuracy, helpfulness, creativity, overall), each 1–5 and optional. */
  dimensions: FeedbackDimensions.optional(),
});
export type FeedbackRating = z.infer<typeof FeedbackRating>;

/** One stored rating: the request it rates joined in (`status/feedback/ratings.jsonl`, Redis stream `feedback`). */
export const FeedbackRecord = FeedbackRating.extend({
  at: z.iso.datetime(),
  model: z.string(),
  prompt: z.string(),
  /** The model's answer that was rated. */
  original_completion: z.string(),
  skill: z.string().nullable(),
});
export type FeedbackRecord = z.infer<typeof FeedbackRecord>;

/**
 * A rating on seed 003's 1–5 scale, when it has one: its `score`, else its `overall`
 * dimension, else the mean of the dimensions given; undefined for a bare good/bad. The gateway
 * and the production monitor read a rating through this one rule.
 */
export function fivePointRating(record: Pick<FeedbackRecord, 'score' | 'dimensions'>): number | undefined {
  if (record.score !== undefined && record.score !== null) return record.score;
  if (record.dimensions?.overall !== undefined) return record.dimensions.overall;
  const given = Object.values(record.dimensions ?? {}).filter((v): v is number => typeof v === 'number');
  return given.length ? given.reduce((a, b) => a + b, 0) / given.length : undefined;
}

/** A line of `GET /api/monitor/training/export` (seed 002's format; `completion` is the correction for a bad one). */
export const FeedbackExportLine = z.object({
  prompt: z.string(),
  completion: z.string(),
  original_completion: z.string().optional(),
  rating: z.enum(['good', 'bad']),
  /** The rating's five-dimension scores, when it had any. */
  dimensions: FeedbackDimensions.optional(),
});
export type FeedbackExportLine = z.infer<typeof FeedbackExportLine>;
