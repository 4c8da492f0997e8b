import { followAnalysisEvents, STREAM_ID } from '@flywheel/alert-analysis';
import { HttpError } from '../errors.js';
import { definePlugin } from '../plugin.js';
import { SSE_KEEPALIVE_MS } from './events.plugin.js';
import { alertsRedis } from './alerts.plugin.js';

/**
 * `GET /api/alerts/analysis/stream`: Server-Sent Events of the alert analyst's output as it is
 * generated: `analysis.start`, `token`, `analysis.end`, each with its stream id as the SSE
 * `id:`. A client that reconnects with `Last-Event-ID` (or `?last_event_id=`) gets everything
 * after that id; a new client starts at the latest analysis' `analysis.start`. Each client has
 * a blocking Redis connection of its own, closed when it leaves.
 */
export const alertsStreamPlugin = definePlugin({
  name: 'alerts-stream',
  route: '/api/alerts/analysis/stream',
  handler: async (req, res, context) => {
    const redis = alertsRedis(context);
    const fromQuery = typeof req.query['last_event_id'] === 'string' ? req.query['last_event_id'] : undefined;
    const lastEventId = req.get('last-event-id') ?? fromQuery ?? null;
    if (lastEventId !== null && !STREAM_ID.test(lastEventId)) {
      throw new HttpError(400, `Last-Event-ID: "${lastEventId}" is not an event id of this stream (<ms>-<seq>)`, { field: 'last_event_id' });
    }
    // Entries read before the headers are out wait here, so the 503 below stays possible.
    const early: string[] = [];
    let follower: Awaited<ReturnType<typeof followAnalysisEvents>>;
    try {
      follower = await followAnalysisEvents({
        redis, run: context.run, lastEventId, keepaliveMs: SSE_KEEPALIVE_MS,
        write: (chunk) => (res.headersSent ? res.write(chunk) : early.push(chunk)),
        onError: (error) => context.logger.warn({ err: error }, 'analysis stream: redis error'),
      });
    } catch (error) {
      throw new HttpError(503, `analysis stream unavailable: ${(error as Error).message}`);
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    for (const chunk of early.splice(0)) res.write(chunk);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      follower.stop();
      forget?.();
      res.end();
    };
    // The API's shutdown ends every event stream (they never go idle on their own).
    const forget = context.statusEvents?.onClose(end);
    res.on('close', end);
    if (res.destroyed) end();
  },
});
