import { checkedCheckpointName } from '../checkpoint-path.js';
import { HttpError } from '../errors.js';
import { definePlugin, type PluginHandler } from '../plugin.js';

const setPin =
  (pinned: boolean): PluginHandler =>
  async (req, res, context) => {
    const checkpoint = checkedCheckpointName(req.params['name']);
    if (!context.pins) throw new HttpError(503, 'the API has no status folder to keep pins in');
    const { changed, pins } = await context.pins.set(checkpoint, pinned);
    context.logger.info({ checkpoint, pinned, changed }, pinned ? 'checkpoint pinned' : 'checkpoint unpinned');
    res.json({ checkpoint, pinned, changed, pins });
  };

/**
 * `POST /api/checkpoints/:name/pin` (bearer token): checkpoint-sync never prunes it. Recorded in
 * `status/pinned_checkpoints.json`; a checkpoint not pulled yet may be pinned ahead.
 */
export const checkpointPinPlugin = definePlugin({
  name: 'checkpoint-pin',
  route: '/api/checkpoints/:name/pin',
  method: 'POST',
  handler: setPin(true),
});

/** `DELETE /api/checkpoints/:name/pin` (bearer token): takes the API's pin off (pins in config `sync.pinned` stay). */
export const checkpointUnpinPlugin = definePlugin({
  name: 'checkpoint-unpin',
  route: '/api/checkpoints/:name/pin',
  method: 'DELETE',
  handler: setPin(false),
});
