import { definePlugin } from '../plugin.js';

/** `GET /api/testing`: Automated testing (seed §7). */
export const testingPlugin = definePlugin({ name: 'testing', route: '/api/testing', statusId: 'testing' });
