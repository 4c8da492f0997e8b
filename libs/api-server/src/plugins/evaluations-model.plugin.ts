import { answerWithGatewayRoute, requireModel } from '../gateway-route.js';
import { definePlugin } from '../plugin.js';

/** `GET /api/evaluations/model/:modelName` (seed 003): one model's ratings; 404 naming an unknown model. */
export const evaluationsModelPlugin = definePlugin({
  name: 'evaluations-model',
  route: '/api/evaluations/model/:modelName',
  handler: async (req, res, context) => {
    const performance = await context.gatewayPerformance.read();
    const model = requireModel(performance, String(req.params['modelName']), context.now());
    await answerWithGatewayRoute(req, res, performance, context.now(), `/evaluations/model/${encodeURIComponent(model)}`);
  },
});
