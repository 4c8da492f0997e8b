import { readAnalyses } from '@flywheel/alert-analysis';
import { publicErrorText } from '@flywheel/contracts';
import path from 'node:path';
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
    const statusDir = context.statusStore.statusDir;
    const { analyses, problems } = await readAnalyses(statusDir, context.jsonlRotation);
    // The model server's URL and the run's place on disk stay on the host (the file keeps them).
    const shown = analyses.slice(0, limit).map(({ base_url: _url, ...analysis }) => ({ ...analysis, error: analysis.error === null ? null : publicErrorText(analysis.error) })); // eslint-disable-line @typescript-eslint/no-unused-vars
    res.json({ analyses: shown, total: analyses.length, problems: problems.map((p) => ({ ...p, file: path.relative(statusDir, p.file) })) });
  },
});
