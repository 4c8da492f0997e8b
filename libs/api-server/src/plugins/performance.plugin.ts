import { answerWithGatewayRoute } from '../gateway-route.js';
import { definePlugin } from '../plugin.js';

/**
 * `GET /api/performance` (seed 003): every model the gateway tracks, as the gateway's
 * `/performance` shows it, from its saved snapshot.
 */
export const performancePlugin = definePlugin({
  name: 'performance',
  route: '/api/performance',
  handler: async (req, res, context) => {
    await answerWithGatewayRoute(req, res, await context.gatewayPerformance.read(), context.now(), '/performance');
  },
});
