import { answerWithGatewayRoute } from '../gateway-route.js';
import { definePlugin } from '../plugin.js';

/** `GET /api/evaluations` (seed 003): every rating the gateway has applied, newest first. */
export const evaluationsPlugin = definePlugin({
  name: 'evaluations',
  route: '/api/evaluations',
  handler: async (req, res, context) => {
    await answerWithGatewayRoute(req, res, await context.gatewayPerformance.read(), context.now(), '/evaluations');
  },
});
