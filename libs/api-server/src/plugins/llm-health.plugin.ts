import { definePlugin } from '../plugin.js';

/** `GET /api/llm_health`: the production model's health (seeds 000, 001; production-monitor). */
export const llmHealthPlugin = definePlugin({ name: 'llm-health', route: '/api/llm_health', statusId: 'llm_health' });
