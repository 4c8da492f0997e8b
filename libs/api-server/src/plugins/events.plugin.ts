import { HttpError } from '../errors.js';
import { definePlugin } from '../plugin.js';

/** Seconds between `: keepalive` comments: proxies drop connections idle for long (often 60 s). */
export const SSE_KEEPALIVE_MS = 15_000;

/**
 * `GET /api/events`: Server-Sent Events. `hello` once the Redis subscription is up (so a
 * client that saw it misses no later write), then one `status` event per status publication
 * from any host: `{ id, file, last_update }`; clients re-fetch the route they show.
 */
export const eventsPlugin = definePlugin({
  name: 'events',
  route: '/api/events',
  handler: async (_req, res, context) => {
    if (!context.statusEvents) throw new HttpError(503, 'live updates need Redis, and the API has none configured');
    let stop: () => void;
    try {
      stop = await context.statusEvents.listen((update) => {
        res.write(`event: status\ndata: ${JSON.stringify({ id: update.id, file: update.file, last_update: update.last_update })}\n\n`);
      });
    } catch (error) {
      throw new HttpError(503, `live updates unavailable: ${(error as Error).message}`);
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      // nginx would otherwise buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    res.write(`event: hello\ndata: ${JSON.stringify({ run: context.run })}\n\n`);
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), SSE_KEEPALIVE_MS);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(keepalive);
      stop();
      forget();
      res.end();
    };
    const forget = context.statusEvents.onClose(end);
    // The response's close: the client went away (or the server ended the stream).
    res.on('close', end);
  },
});
