import { definePlugin } from '../plugin.js';

/** `GET /api/regression`: Regression monitoring (seed §3). */
export const regressionPlugin = definePlugin({ name: 'regression', route: '/api/regression', statusId: 'regression' });
