import { queryGpus } from '@flywheel/gpu-stats';
import { definePlugin } from '../plugin.js';

/** `GET /api/gpu`: memory, utilisation and temperature per GPU from nvidia-smi, or `available: false` and why. */
export const gpuPlugin = definePlugin({
  name: 'gpu',
  route: '/api/gpu',
  handler: async (_req, res, context) => {
    res.json(await queryGpus(context.nvidiaSmi));
  },
});
