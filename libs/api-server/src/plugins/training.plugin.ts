import { definePlugin } from '../plugin.js';
import { sendStatusRead } from '../status-route.js';
import { readNewestTrainerState, type NewestTrainerState } from '../trainer-state-history.js';

/**
 * `GET /api/training`: training_status.json as written, plus `trainer_state` (the newest
 * checkpoint's loss / learning-rate / eval-loss history, or null). When the trainer writes no
 * status file but checkpoints exist: 200 `{ trainer_state, training_status: "missing" }`.
 */
export const trainingPlugin = definePlugin({
  name: 'training',
  route: '/api/training',
  statusId: 'training',
  handler: async (_req, res, context) => {
    const [read, newest] = await Promise.all([
      context.statusStore.read('training'),
      context.checkpointsDir ? readNewestTrainerState(context.checkpointsDir) : Promise.resolve<NewestTrainerState>({ state: 'missing' }),
    ]);
    const extra = {
      trainer_state: newest.state === 'present' ? newest.summary : null,
      ...(newest.state === 'error' ? { trainer_state_error: newest.error } : {}),
    };
    if (read.state === 'present') {
      res.json({ ...read.data, ...extra });
      return;
    }
    if (read.state === 'missing' && newest.state === 'present') {
      res.json({ ...extra, training_status: 'missing' });
      return;
    }
    sendStatusRead(res, 'training', read);
  },
});
