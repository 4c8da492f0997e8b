import { silenceKind, unsilenceKind } from '@flywheel/alert-analysis';
import { AlertKind, SilenceRequest, type AlertSilence } from '@flywheel/contracts';
import { HttpError } from '../errors.js';
import { actorOf, parseJsonBody } from '../json-body.js';
import { definePlugin } from '../plugin.js';
import { alertsRedis } from './alerts.plugin.js';

/**
 * `POST /api/alerts/silence` (bearer token), body `{ kind, minutes, by?, reason? }`: alerts of
 * that kind are still recorded but not analysed until the silence ends. Silencing a kind
 * again replaces its silence. 201 with the silence.
 */
export const alertsSilencePlugin = definePlugin({
  name: 'alerts-silence',
  route: '/api/alerts/silence',
  method: 'POST',
  handler: async (req, res, context) => {
    const body = parseJsonBody(SilenceRequest.strict(), req.body);
    const from = context.now();
    const silence: AlertSilence = {
      kind: body.kind, from: from.toISOString(), until: new Date(from.getTime() + body.minutes * 60_000).toISOString(), by: actorOf(req, body.by), reason: body.reason ?? null,
    };
    await silenceKind(alertsRedis(context), context.run, silence);
    context.logger.info(silence, 'alert kind silenced');
    res.status(201).json({ silence });
  },
});

/** `DELETE /api/alerts/silence/:kind` (bearer token): ends the kind's silence; 404 when it has none. */
export const alertsUnsilencePlugin = definePlugin({
  name: 'alerts-unsilence',
  route: '/api/alerts/silence/:kind',
  method: 'DELETE',
  handler: async (req, res, context) => {
    const kind = AlertKind.safeParse(req.params['kind']);
    if (!kind.success) throw new HttpError(400, `kind: "${String(req.params['kind'])}" is not an alert kind; one of ${AlertKind.options.join(', ')}`, { field: 'kind' });
    const removed = await unsilenceKind(alertsRedis(context), context.run, kind.data);
    if (!removed) throw new HttpError(404, `kind: ${kind.data} is not silenced`, { field: 'kind' });
    context.logger.info({ kind: kind.data }, 'alert silence ended');
    res.json({ kind: kind.data, silenced: false });
  },
});
