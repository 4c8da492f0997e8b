import { redisNamespace } from '@flywheel/contracts';
import { untilReady } from '@flywheel/status-store';
import type { Redis } from 'ioredis';
import type { StreamEntry } from './alert-store.js';
import { analysisEventOfEntry, latestAnalysisStart, streamIdBefore } from './analysis-events.js';

export const STREAM_ID = /^\d+-\d+$/;

export interface AnalysisSseOptions {
  /** The API's Redis; the stream gets a blocking connection of its own (`duplicate()`). */
  redis: Redis;
  run: string;
  /** Resume after this stream id (the client's Last-Event-ID); null: from the latest analysis' start. */
  lastEventId: string | null;
  /** Writes to the client. */
  write(chunk: string): void;
  /** @defaultValue 15000 */
  keepaliveMs?: number;
  /** How long one blocking XREAD waits. @defaultValue 5000 */
  blockMs?: number;
  onError?(error: unknown): void;
}

/** One stream entry as an SSE event: the entry id as `id:`, the event kind as `event:`. */
export function sseOfEntry(entry: StreamEntry): string {
  const parsed = analysisEventOfEntry(entry);
  if ('event' in parsed) return `id: ${parsed.id}\nevent: ${parsed.event.kind}\ndata: ${JSON.stringify(parsed.event)}\n\n`;
  // Sent with its id so a reconnecting client moves past it rather than asking for it again.
  return `id: ${parsed.id}\nevent: unreadable\ndata: ${JSON.stringify({ problem: parsed.problem })}\n\n`;
}

/**
 * Follows the analysis events stream for one SSE client: first what it missed (after its
 * Last-Event-ID, or from the latest analysis' start), then each new entry as it is added
 * (blocking XREAD on a connection of its own), with keepalive comments between.
 * `stop()` (the client left) closes the connection at once.
 */
export async function followAnalysisEvents(options: AnalysisSseOptions): Promise<{ stop(): void; done: Promise<void> }> {
  const key = redisNamespace(options.run).analysisEvents;
  const connection = options.redis.duplicate();
  connection.on('error', (error) => options.onError?.(error));
  let stopped = false;
  try {
    await untilReady(connection, 'analysis stream');
  } catch (error) {
    connection.disconnect();
    throw error;
  }
  let cursor: string;
  if (options.lastEventId !== null) cursor = options.lastEventId;
  else {
    const start = await latestAnalysisStart(connection, options.run);
    cursor = start ? streamIdBefore(start) : (((await connection.xrevrange(key, '+', '-', 'COUNT', 1)) as StreamEntry[])[0]?.[0] ?? '0-0');
  }
  const keepalive = setInterval(() => options.write(': keepalive\n\n'), options.keepaliveMs ?? 15_000);
  const done = (async () => {
    while (!stopped) {
      try {
        const reply = (await connection.xread('COUNT', 200, 'BLOCK', options.blockMs ?? 5_000, 'STREAMS', key, cursor)) as [string, StreamEntry[]][] | null;
        for (const entry of reply?.[0]?.[1] ?? []) {
          if (stopped) return;
          options.write(sseOfEntry(entry));
          cursor = entry[0];
        }
      } catch (error) {
        if (stopped) return;
        options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  })();
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(keepalive);
      // Ends a blocking read at once; a quit would wait for it.
      connection.disconnect();
    },
    done,
  };
}
