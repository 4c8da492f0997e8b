import { answerWithGatewayRoute } from '../gateway-route.js';
import { definePlugin } from '../plugin.js';

/** `GET /api/performance/summary` (seed 003): totals, the best model by each criterion, per-model headline figures. */
export const performanceSummaryPlugin = definePlugin({
  name: 'performance-summary',
  route: '/api/performance/summary',
  handler: async (req, res, context) => {
    await answerWithGatewayRoute(req, res, await context.gatewayPerformance.read(), context.now(), '/performance/summary');
  },
});
