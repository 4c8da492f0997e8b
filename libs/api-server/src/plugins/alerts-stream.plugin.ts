import { STREAM_ID, sseOfEntry, TooManyStreamClients, type AnalysisStreamClient } from '@flywheel/alert-analysis';
import { HttpError } from '../errors.js';
import { definePlugin } from '../plugin.js';
import { openSseStream, sendTooManyClients } from '../sse-stream.js';
import { alertsRedis } from './alerts.plugin.js';

const ROUTE = '/api/alerts/analysis/stream';

/**
 * `GET /api/alerts/analysis/stream`: Server-Sent Events of the alert analyst's output as it is
 * generated: `analysis.start`, `token`, `analysis.end`, each with its stream id as the SSE
 * `id:`. A client that reconnects with `Last-Event-ID` (or `?last_event_id=`) gets everything
 * after that id; a new client starts at the latest analysis' `analysis.start`. Every client
 * shares the API's one reader of the stream (`createAnalysisStreamHub`), at most
 * `api.maxStreamClients` at once; a client that stops reading is dropped.
 */
export const alertsStreamPlugin = definePlugin({
  name: 'alerts-stream',
  route: ROUTE,
  handler: async (req, res, context) => {
    alertsRedis(context);
    const hub = context.analysisStream!;
    const fromQuery = typeof req.query['last_event_id'] === 'string' ? req.query['last_event_id'] : undefined;
    const lastEventId = req.get('last-event-id') ?? fromQuery ?? null;
    if (lastEventId !== null && !STREAM_ID.test(lastEventId)) {
      throw new HttpError(400, `Last-Event-ID: "${lastEventId}" is not an event id of this stream (<ms>-<seq>)`, { field: 'last_event_id' });
    }
    // Entries read before the headers are out wait here, so the 503 below stays possible.
    const early: string[] = [];
    let stream: ReturnType<typeof openSseStream> | undefined;
    let client: AnalysisStreamClient;
    try {
      client = await hub.join(lastEventId, (entry) => {
        const chunk = sseOfEntry(entry);
        if (stream) stream.send(chunk);
        else early.push(chunk);
      });
    } catch (error) {
      if (error instanceof TooManyStreamClients) {
        sendTooManyClients(res, ROUTE, error.maxClients);
        return;
      }
      context.logger.warn({ err: error }, 'analysis stream: catch-up read failed');
      throw new HttpError(503, `analysis stream unavailable: ${(error as Error).message}`);
    }
    let forget = () => {};
    stream = openSseStream(req, res, { maxBufferBytes: context.streamLimits.maxBufferBytes, logger: context.logger, route: ROUTE }, () => {
      client.leave();
      forget();
    });
    if (stream.ended) return;
    // The API's shutdown ends every event stream (they never go idle on their own).
    forget = context.statusEvents?.onClose(() => stream!.end()) ?? forget;
    stream.send('retry: 2000\n\n');
    for (const chunk of early.splice(0)) stream.send(chunk, { bounded: false });
  },
});
