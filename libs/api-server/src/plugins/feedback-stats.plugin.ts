import { feedbackStats, ratingsFile, readRatings } from '@flywheel/feedback';
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
    res.json(feedbackStats(await readRatings(ratingsFile(context.statusStore.statusDir), context.jsonlRotation)));
  },
});
