import { listAlerts } from '@flywheel/alert-analysis';
import { z } from 'zod';
import { HttpError } from '../errors.js';
import { definePlugin, type PluginContext } from '../plugin.js';
import { parseQuery } from '../query.js';

const AlertsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(50) });

/** The API's Redis, or a 503 saying why the alert routes need it. */
export function alertsRedis(context: PluginContext) {
  if (!context.redis) throw new HttpError(503, 'alerts live in Redis (the alerts stream and the analyst’s keys), and the API has none configured');
  return context.redis;
}

/**
 * `GET /api/alerts?limit=50`: the newest alerts, newest first, each with `acknowledged`,
 * `silenced`, `state` (batched, analysed, silenced, not_analysed; null until the analyst has
 * read it) and `analysis_id`, and the silences in force. Unreadable stream entries are listed
 * in `problems`.
 */
export const alertsPlugin = definePlugin({
  name: 'alerts',
  route: '/api/alerts',
  handler: async (req, res, context) => {
    const { limit } = parseQuery(AlertsQuery, req.query);
    const listed = await listAlerts(alertsRedis(context), context.run, { limit, now: context.now() });
    res.json(listed);
  },
});
