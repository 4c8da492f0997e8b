import { definePlugin } from '../plugin.js';

/** `GET /api/checkpoints`: Checkpoint sync (seed §10). */
export const checkpointsPlugin = definePlugin({ name: 'checkpoints', route: '/api/checkpoints', statusId: 'checkpoint_sync' });
