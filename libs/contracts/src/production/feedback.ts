import { z } from 'zod';

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

/** A line of `GET /api/monitor/training/export` (seed 002's format; `completion` is the correction for a bad one). */
export const FeedbackExportLine = z.object({
  prompt: z.string(),
  completion: z.string(),
  original_completion: z.string().optional(),
  rating: z.enum(['good', 'bad']),
});
export type FeedbackExportLine = z.infer<typeof FeedbackExportLine>;
