import type { Request, Response } from 'express';
import type { Logger } from 'pino';

/** Seconds between `: keepalive` comments: proxies drop connections idle for long (often 60 s). */
export const SSE_KEEPALIVE_MS = 15_000;

export interface SseStreamOptions {
  /** Bytes a client may leave unread (`res.writableLength`) before it is dropped (config `api.maxStreamBufferBytes`). */
  maxBufferBytes: number;
  logger: Logger;
  /** The route, for the log. */
  route: string;
  /** @defaultValue SSE_KEEPALIVE_MS */
  keepaliveMs?: number;
}

/** An open event stream to one client. */
export interface SseStream {
  /**
   * Writes one chunk; drops the client instead when it still holds more than `maxBufferBytes`
   * unread from earlier turns of the event loop.
   * `bounded: false` for a catch-up backlog written in one go (bounded by the stream's own
   * length): it lands in the buffer before the socket can drain any of it.
   */
  send(chunk: string, options?: { bounded?: boolean }): void;
  /** Ends the stream (idempotent); `onEnd` runs once, whoever ended it. */
  end(): void;
  readonly ended: boolean;
}

/**
 * Sends the event-stream headers and keeps the stream bounded: a client that stops reading
 * (a hung tab, a script that never reads) would otherwise make the API buffer every event for
 * it without end, since `res.write` queues whatever the socket cannot take. It is dropped
 * once its unread bytes pass the bound. `onEnd` (remove listeners, leave the shared reader)
 * runs exactly once on close, on error, on a drop, or when the API ends the stream.
 */
export function openSseStream(req: Request, res: Response, options: SseStreamOptions, onEnd: () => void): SseStream {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    // nginx would otherwise buffer the stream.
    'X-Accel-Buffering': 'no',
  });
  let ended = false;
  // The bound is checked once per turn of the event loop: events that arrive together (one
  // XREAD's batch, one turn's publications) go out together, and a client can only drain
  // between turns. A client still holding more than the bound when new events come is too slow.
  let checkedThisTurn = false;
  const keepalive = setInterval(() => stream.send(': keepalive\n\n'), options.keepaliveMs ?? SSE_KEEPALIVE_MS);
  const finish = (drop: boolean) => {
    if (ended) return;
    ended = true;
    clearInterval(keepalive);
    res.off('close', onClose);
    res.off('error', onError);
    req.off('error', onError);
    onEnd();
    if (drop) res.destroy();
    else res.end();
  };
  const onClose = () => finish(false);
  const onError = (error: unknown) => {
    options.logger.warn({ err: error, route: options.route }, 'event stream: connection error');
    finish(true);
  };
  res.on('close', onClose);
  res.on('error', onError);
  req.on('error', onError);
  const stream: SseStream = {
    send(chunk, { bounded = true } = {}) {
      if (ended) return;
      if (bounded && !checkedThisTurn) {
        checkedThisTurn = true;
        setImmediate(() => (checkedThisTurn = false));
        if (res.writableLength > options.maxBufferBytes) {
          options.logger.warn({ route: options.route, unread_bytes: res.writableLength, limit: options.maxBufferBytes }, 'event stream: client too slow, dropped');
          finish(true);
          return;
        }
      }
      res.write(chunk);
    },
    end: () => finish(false),
    get ended() {
      return ended;
    },
  };
  // The client may have gone while the stream was being set up: its 'close' is already past.
  if (res.destroyed || req.destroyed) finish(false);
  return stream;
}

/** The answer past the cap on clients: 503, with a hint when to come back. */
export function sendTooManyClients(res: Response, route: string, maxClients: number): void {
  res.set('Retry-After', '10');
  res.status(503).json({ error: `${route} already serves its ${maxClients} clients (api.maxStreamClients); try again later`, status: 503 });
}
