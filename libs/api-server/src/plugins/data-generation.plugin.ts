import { definePlugin } from '../plugin.js';

/** `GET /api/data_generation`: what data-generation wrote and refused in its last pass (seed §9). */
export const dataGenerationPlugin = definePlugin({ name: 'data-generation', route: '/api/data_generation', statusId: 'data_generation' });
