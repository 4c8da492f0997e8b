import { exportLines, ratingsFile, readRatings, toJsonLines } from '@flywheel/feedback';
import { redactPiiDeep } from '@flywheel/response-safety';
import { z } from 'zod';
import { definePlugin } from '../plugin.js';
import { parseQuery } from '../query.js';

export const FeedbackExportQuery = z.strictObject({
  rating: z.enum(['good', 'bad']).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
});

/**
 * `GET /api/monitor/training/export?rating=good|bad&since=<iso>`: seed 002's JSONL, one
 * `FeedbackExportLine` per rated request (bad ones without a correction left out). With
 * `safety.redact` (the default) personal data and secrets in the texts are replaced by
 * `[REDACTED:<kind>]`: an export is training data, and a model should not learn them.
 */
export const feedbackExportPlugin = definePlugin({
  name: 'feedback-export',
  route: '/api/monitor/training/export',
  handler: async (req, res, context) => {
    const query = parseQuery(FeedbackExportQuery, req.query);
    const { records } = await readRatings(ratingsFile(context.statusStore.statusDir), context.jsonlRotation);
    const lines = exportLines(records, { rating: query.rating, since: query.since ? new Date(query.since) : undefined });
    const redact = context.productionSettings().safety.redact;
    res.type('application/x-ndjson; charset=utf-8').send(toJsonLines(redact ? lines.map((line) => redactPiiDeep(line)) : lines));
  },
});
