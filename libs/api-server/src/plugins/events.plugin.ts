import { HttpError } from '../errors.js';
import { definePlugin } from '../plugin.js';
import { openSseStream, sendTooManyClients } from '../sse-stream.js';

export { SSE_KEEPALIVE_MS } from '../sse-stream.js';

/**
 * `GET /api/events`: Server-Sent Events. `hello` once the Redis subscription is up (so a
 * client that saw it misses no later write), then one `status` event per status publication
 * from any host: `{ id, file, last_update }`; clients re-fetch the route they show. One
 * subscription serves every client; at most `api.maxStreamClients` at once, and a client that
 * stops reading is dropped (`openSseStream`).
 */
export const eventsPlugin = definePlugin({
  name: 'events',
  route: '/api/events',
  handler: async (req, res, context) => {
    const statusEvents = context.statusEvents;
    if (!statusEvents) throw new HttpError(503, 'live updates need Redis, and the API has none configured');
    const { maxClients, maxBufferBytes } = context.streamLimits;
    if (statusEvents.listenerCount() >= maxClients) {
      sendTooManyClients(res, '/api/events', maxClients);
      return;
    }
    // Held until the stream is open: the subscription may come up after the client has left.
    const pending: string[] = [];
    let stream: ReturnType<typeof openSseStream> | undefined;
    let stop: () => void;
    try {
      stop = await statusEvents.listen((update) => {
        const chunk = `event: status\ndata: ${JSON.stringify({ id: update.id, file: update.file, last_update: update.last_update })}\n\n`;
        if (stream) stream.send(chunk);
        else pending.push(chunk);
      });
    } catch (error) {
      throw new HttpError(503, `live updates unavailable: ${(error as Error).message}`);
    }
    let forget = () => {};
    stream = openSseStream(req, res, { maxBufferBytes, logger: context.logger, route: '/api/events' }, () => {
      stop();
      forget();
    });
    if (stream.ended) return;
    // The API's shutdown ends every event stream (they never go idle on their own).
    forget = statusEvents.onClose(() => stream!.end());
    stream.send(`event: hello\ndata: ${JSON.stringify({ run: context.run })}\n\n`);
    for (const chunk of pending.splice(0)) stream.send(chunk);
  },
});
