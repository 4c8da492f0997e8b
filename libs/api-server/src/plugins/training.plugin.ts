import { definePlugin } from '../plugin.js';

/** `GET /api/training`: Training progress, written by the trainer. */
export const trainingPlugin = definePlugin({ name: 'training', route: '/api/training', statusId: 'training' });
