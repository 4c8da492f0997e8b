import path from 'node:path';
import { z } from 'zod';
import { createAccuracyHistory } from '../eval-results.js';
import { definePlugin } from '../plugin.js';
import { parseQuery } from '../query.js';

export const AccuracyHistoryQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(20),
});

// One reader (and its per-folder cache) per evaluations folder.
const readers = new Map<string, ReturnType<typeof createAccuracyHistory>>();

/**
 * `GET /api/accuracy_history?limit=`: accuracy overall and by difficulty of the newest
 * `limit` checkpoints the evaluator scored on the validation set, oldest → newest.
 */
export const accuracyHistoryPlugin = definePlugin({
  name: 'accuracy-history',
  route: '/api/accuracy_history',
  handler: async (req, res, context) => {
    const { limit } = parseQuery(AccuracyHistoryQuery, req.query);
    const evalsDir = path.join(context.statusStore.statusDir, 'evals');
    let read = readers.get(evalsDir);
    if (!read) readers.set(evalsDir, (read = createAccuracyHistory(evalsDir)));
    res.json({ checkpoints: await read(limit) });
  },
});
