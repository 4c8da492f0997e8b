import { definePlugin } from '../plugin.js';

/** `GET /api/confidence`: Confidence calibration (seed §5). */
export const confidencePlugin = definePlugin({ name: 'confidence', route: '/api/confidence', statusId: 'confidence' });
