import { answerWithGatewayRoute, requireModel } from '../gateway-route.js';
import { definePlugin } from '../plugin.js';

/** `GET /api/performance/metrics/:modelName` (seed 003): one model as in `/api/performance`; 404 naming an unknown model. */
export const performanceMetricsPlugin = definePlugin({
  name: 'performance-metrics',
  route: '/api/performance/metrics/:modelName',
  handler: async (req, res, context) => {
    const performance = await context.gatewayPerformance.read();
    const model = requireModel(performance, String(req.params['modelName']), context.now());
    await answerWithGatewayRoute(req, res, performance, context.now(), `/performance/metrics/${encodeURIComponent(model)}`);
  },
});
