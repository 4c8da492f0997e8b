import { definePlugin } from '../plugin.js';

/** `GET /api/champion`: status/champion.json, the checkpoint that last won promotion and its evidence. */
export const championPlugin = definePlugin({ name: 'champion', route: '/api/champion', statusId: 'champion' });
