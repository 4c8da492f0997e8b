import { acknowledge, alertById, STREAM_ID } from '@flywheel/alert-analysis';
import { AckRequest } from '@flywheel/contracts';
import { HttpError } from '../errors.js';
import { definePlugin } from '../plugin.js';
import { alertsRedis } from './alerts.plugin.js';
import { actorOf, parseJsonBody } from '../json-body.js';

/**
 * `POST /api/alerts/:id/ack` (bearer token), body `{ by? }` (else the `X-Flywheel-User` header): acknowledges the alert (its id is
 * its alerts stream id). Acknowledging again replaces who and when. 404 for an unknown id.
 */
export const alertsAckPlugin = definePlugin({
  name: 'alerts-ack',
  route: '/api/alerts/:id/ack',
  method: 'POST',
  handler: async (req, res, context) => {
    const id = String(req.params['id']);
    if (!STREAM_ID.test(id)) throw new HttpError(400, `id: "${id}" is not an alert id (<ms>-<seq>)`, { field: 'id' });
    const body = parseJsonBody(AckRequest.strict(), req.body ?? {});
    const redis = alertsRedis(context);
    const found = await alertById(redis, context.run, id);
    if (!found) throw new HttpError(404, `id: no alert ${id} (unknown, or trimmed from the alerts stream)`, { field: 'id' });
    const ack = { id, by: actorOf(req, body.by), at: context.now().toISOString() };
    await acknowledge(redis, context.run, ack);
    context.logger.info(ack, 'alert acknowledged');
    res.json({ ack });
  },
});
