import { definePlugin } from '../plugin.js';

/** `GET /api/adversarial`: Adversarial mining (seed §2). */
export const adversarialPlugin = definePlugin({ name: 'adversarial', route: '/api/adversarial', statusId: 'adversarial' });
