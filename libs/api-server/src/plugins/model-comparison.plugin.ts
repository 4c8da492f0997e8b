import { definePlugin } from '../plugin.js';

/** `GET /api/model_comparison`: Checkpoint rankings (seed §4). */
export const modelComparisonPlugin = definePlugin({ name: 'model-comparison', route: '/api/model_comparison', statusId: 'model_comparison' });
