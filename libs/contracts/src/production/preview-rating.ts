import { z } from 'zod';
import { CheckpointName } from '../events.js';
import { FeedbackRating } from './feedback.js';

/**
 * `POST /api/monitor/training/rate` body for an inference preview of the dashboard. Previews
 * come from the evaluator's records, which no gateway request id names, so they are rated by
 * checkpoint and example id; the API looks the record up in the evaluator's cache.
 */
export const PreviewRating = FeedbackRating.omit({ request_id: true }).extend({
  source: z.literal('preview'),
  checkpoint: CheckpointName,
  example_id: z.string().min(1),
});
export type PreviewRating = z.infer<typeof PreviewRating>;

/** The request id a preview rating is stored under: re-rating the same preview replaces it. */
export const previewRequestId = (checkpoint: string, exampleId: string): string => `preview:${checkpoint}:${exampleId}`;
