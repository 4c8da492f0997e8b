import { definePlugin } from '../plugin.js';

/** `GET /api/deployments`: Last checkpoint deployment (seed §8). */
export const deploymentsPlugin = definePlugin({ name: 'deployments', route: '/api/deployments', statusId: 'deployment' });
