import { answerWithGatewayRoute } from '../gateway-route.js';
import { definePlugin } from '../plugin.js';

/**
 * `GET /api/performance/blacklisted` (seed 003): the models left out now (judged at the API's
 * clock against the blacklisting ends in the snapshot), with their remaining time.
 */
export const performanceBlacklistedPlugin = definePlugin({
  name: 'performance-blacklisted',
  route: '/api/performance/blacklisted',
  handler: async (req, res, context) => {
    await answerWithGatewayRoute(req, res, await context.gatewayPerformance.read(), context.now(), '/performance/blacklisted');
  },
});
