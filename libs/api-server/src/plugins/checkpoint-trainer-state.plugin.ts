import { readFile } from 'node:fs/promises';
import { checkedCheckpointName, resolveInside } from '../checkpoint-path.js';
import { HttpError } from '../errors.js';
import { definePlugin } from '../plugin.js';

/**
 * `GET /api/checkpoints/:name/trainer_state`: one checkpoint's trainer_state.json as it is
 * on disk. 400 for a name that is not `checkpoint-<digits>` or resolves outside the
 * checkpoints folder, 404 when absent.
 */
export const checkpointTrainerStatePlugin = definePlugin({
  name: 'checkpoint-trainer-state',
  route: '/api/checkpoints/:name/trainer_state',
  handler: async (req, res, context) => {
    const name = checkedCheckpointName(req.params['name']);
    if (!context.checkpointsDir) throw new HttpError(503, 'the API has no checkpoints folder configured');
    const relative = `${name}/trainer_state.json`;
    const file = await resolveInside(context.checkpointsDir, relative);
    const text = file === null ? null : await readFile(file, 'utf8').catch(() => null);
    if (text === null) throw new HttpError(404, `${relative} not found in the checkpoints folder`, { checkpoint: name });
    // Sent as written (not re-serialised): it is the trainer's file, byte for byte.
    res.type('application/json').send(text);
  },
});
