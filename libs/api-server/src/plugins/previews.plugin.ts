import { CheckpointName, Difficulty } from '@flywheel/contracts';
import path from 'node:path';
import { z } from 'zod';
import { HttpError } from '../errors.js';
import { listEvaluatedCheckpoints, newestResult } from '../eval-results.js';
import { definePlugin } from '../plugin.js';
import { examplesById, previewsOf } from '../previews.js';
import { parseQuery } from '../query.js';

/** The evaluator's own set: the one every checkpoint is scored on. */
export const EXAMPLE_SET = 'validation';

export const PreviewsQuery = z.strictObject({
  checkpoint: CheckpointName.optional(),
  count: z.coerce.number().int().min(1).max(50).default(5),
  difficulty: Difficulty.optional(),
});

/**
 * `GET /api/previews?checkpoint=&count=&difficulty=`: the model's answers to validation
 * examples (prompt, golden, output, think tags), from the evaluator's cached records.
 */
export const previewsPlugin = definePlugin({
  name: 'previews',
  route: '/api/previews',
  handler: async (req, res, context) => {
    const query = parseQuery(PreviewsQuery, req.query);
    const evalsDir = path.join(context.statusStore.statusDir, 'evals');
    const evaluated = await listEvaluatedCheckpoints(evalsDir);
    const candidates = query.checkpoint ? evaluated.filter((c) => c.checkpoint === query.checkpoint) : evaluated.reverse();
    for (const checkpoint of candidates) {
      const result = await newestResult(checkpoint, EXAMPLE_SET);
      if (!result) continue;
      const examples = await examplesById(context.dataDir, EXAMPLE_SET);
      res.json({
        checkpoint: checkpoint.checkpoint,
        step: checkpoint.step,
        previews: previewsOf(result.records, examples, query.count, query.difficulty),
      });
      return;
    }
    throw query.checkpoint
      ? new HttpError(404, `no evaluation records for ${query.checkpoint} on the ${EXAMPLE_SET} set`, { checkpoint: query.checkpoint })
      : new HttpError(404, `no checkpoint has evaluation records on the ${EXAMPLE_SET} set yet`, { checkpoint: null });
  },
});
