import { feedbackStats, ratingsFile, readRatings } from '@flywheel/feedback';
import path from 'node:path';
import { definePlugin } from '../plugin.js';

/**
 * `GET /api/monitor/training/stats`: counts of the ratings in force (good, bad, with a
 * correction; by model and skill), mean score, last rating time, and the lines of the
 * ratings file that could not be read (`errors`, with file and line).
 */
export const feedbackStatsPlugin = definePlugin({
  name: 'feedback-stats',
  route: '/api/monitor/training/stats',
  handler: async (_req, res, context) => {
    const statusDir = context.statusStore.statusDir;
    const stats = feedbackStats(await readRatings(ratingsFile(statusDir), context.jsonlRotation));
    // The file relative to the status folder: the run's place on disk stays on the host.
    const relative = (file: string) => path.relative(statusDir, file);
    res.json({ ...stats, file: relative(stats.file), errors: stats.errors.map((e) => ({ ...e, file: relative(e.file) })) });
  },
});
