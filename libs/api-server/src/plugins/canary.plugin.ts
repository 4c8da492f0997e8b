import { definePlugin } from '../plugin.js';

/** `GET /api/canary`: status/canary.json, the checkpoint on trial beside the champion, its traffic share and its looks. */
export const canaryPlugin = definePlugin({ name: 'canary', route: '/api/canary', statusId: 'canary' });
