import { definePlugin } from '../plugin.js';

/** `GET /api/self_correction`: Self-correction loop (seed §6). */
export const selfCorrectionPlugin = definePlugin({ name: 'self-correction', route: '/api/self_correction', statusId: 'self_correction' });
