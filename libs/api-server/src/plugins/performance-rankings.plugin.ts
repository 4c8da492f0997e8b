import { CRITERIA, REQUEST_KINDS } from '@flywheel/gateway';
import { z } from 'zod';
import { answerWithGatewayRoute } from '../gateway-route.js';
import { definePlugin } from '../plugin.js';
import { parseQuery } from '../query.js';

export const RankingsQuery = z.strictObject({
  criterion: z.enum(CRITERIA).optional(),
  kind: z.enum(REQUEST_KINDS).optional(),
});

/**
 * `GET /api/performance/rankings?criterion=speed|accuracy|cost|creativity&kind=chat|completion|image|audio|video`
 * (seed 003): the models serving the kind's conversation type, best first by the criterion (default: the gateway's), as the
 * gateway ranks them, from its saved snapshot.
 */
export const performanceRankingsPlugin = definePlugin({
  name: 'performance-rankings',
  route: '/api/performance/rankings',
  handler: async (req, res, context) => {
    const query = parseQuery(RankingsQuery, req.query);
    await answerWithGatewayRoute(req, res, await context.gatewayPerformance.read(), context.now(), '/performance/rankings', query);
  },
});
