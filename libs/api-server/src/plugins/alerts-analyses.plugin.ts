import { readAnalyses } from '@flywheel/alert-analysis';
import { z } from 'zod';
import { definePlugin } from '../plugin.js';
import { parseQuery } from '../query.js';

const AnalysesQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(20) });

/**
 * `GET /api/alerts/analyses?limit=20`: the recent analyses from `status/alert_analyses.jsonl` and its rotated copies,
 * newest first, each as its last try (alerts, prompt, answer, model, timings, status), and the
 * file's unreadable lines by line number.
 */
export const alertsAnalysesPlugin = definePlugin({
  name: 'alerts-analyses',
  route: '/api/alerts/analyses',
  handler: async (req, res, context) => {
    const { limit } = parseQuery(AnalysesQuery, req.query);
    const { analyses, problems } = await readAnalyses(context.statusStore.statusDir, context.jsonlRotation);
    res.json({ analyses: analyses.slice(0, limit), total: analyses.length, problems });
  },
});
