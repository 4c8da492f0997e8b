import { answerWithGatewayRoute } from '../gateway-route.js';
import { definePlugin } from '../plugin.js';

/** `GET /api/evaluations/summary` (seed 003): per model, how many ratings, their mean score, good, bad, corrected, newest. */
export const evaluationsSummaryPlugin = definePlugin({
  name: 'evaluations-summary',
  route: '/api/evaluations/summary',
  handler: async (req, res, context) => {
    await answerWithGatewayRoute(req, res, await context.gatewayPerformance.read(), context.now(), '/evaluations/summary');
  },
});
