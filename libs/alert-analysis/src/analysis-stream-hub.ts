import { redisNamespace } from '@flywheel/contracts';
import { untilReady } from '@flywheel/status-store';
import type { Redis } from 'ioredis';
import type { StreamEntry } from './alert-store.js';
import { latestAnalysisStart, streamIdBefore } from './analysis-events.js';

export interface AnalysisStreamHubOptions {
  /** The API's Redis: catch-up reads use it; the one blocking reader is a `duplicate()` of it. */
  redis: Redis;
  run: string;
  /** Most clients at once; `join` refuses more with `TooManyStreamClients`. */
  maxClients: number;
  /** How long one blocking XREAD waits. @defaultValue 5000 */
  blockMs?: number;
  onError?(error: unknown): void;
}

/** One client of the hub: its entries arrive in stream order, each once, none missed. */
export interface AnalysisStreamClient {
  /** Leaves the hub; the last client to leave closes the reader's connection. Idempotent. */
  leave(): void;
}

export class TooManyStreamClients extends Error {
  constructor(readonly maxClients: number) {
    super(`the analysis stream already serves its ${maxClients} clients (api.maxStreamClients)`);
    this.name = 'TooManyStreamClients';
  }
}

/** -1, 0, 1 as stream id `a` is before, equal to or after `b` (`<ms>-<seq>`). */
export function compareStreamIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint];
  if (am !== bm) return am < bm ? -1 : 1;
  return as === bs ? 0 : as < bs ? -1 : 1;
}

/**
 * The analysis events stream for every SSE client of the API through ONE blocking reader: a
 * connection per client (the old way) let any number of tabs or scripts open Redis
 * connections without bound. The reader runs while at least one client is joined. A joining
 * client first gets what it missed (after its Last-Event-ID, or from the latest analysis'
 * start) with a plain XRANGE on the API's connection, then the reader's entries; entries
 * both give are sent once.
 */
export function createAnalysisStreamHub(options: AnalysisStreamHubOptions) {
  const key = redisNamespace(options.run).analysisEvents;
  const clients = new Set<(entries: StreamEntry[]) => void>();
  let reader: Promise<{ stop(): void }> | undefined;

  /** Reads every entry after `from` and hands it to every client, until stopped. */
  const startReader = (from: string): { stop(): void } => {
    const connection = options.redis.duplicate();
    connection.on('error', (error) => options.onError?.(error));
    let stopped = false;
    void (async () => {
      let cursor = from;
      while (!stopped) {
        try {
          await untilReady(connection, 'analysis stream');
          const reply = (await connection.xread('COUNT', 200, 'BLOCK', options.blockMs ?? 5_000, 'STREAMS', key, cursor)) as [string, StreamEntry[]][] | null;
          const entries = reply?.[0]?.[1] ?? [];
          if (entries.length === 0 || stopped) continue;
          cursor = entries.at(-1)![0];
          for (const deliver of [...clients]) deliver(entries);
        } catch (error) {
          if (stopped) return;
          options.onError?.(error);
          await new Promise((resolve) => setTimeout(resolve, 1_000));
        }
      }
    })();
    return {
      stop() {
        stopped = true;
        // Ends a blocking read at once; a quit would wait for it.
        connection.disconnect();
      },
    };
  };

  // The reader's starting point is read on the API's connection, before any client's catch-up
  // read on that same connection: Redis answers one connection's commands in order, so every
  // entry is either at or before it (in the catch-up) or after it (from the reader).
  const ensureReader = () => {
    if (reader) return reader;
    const starting = (async () => {
      const newest = ((await options.redis.xrevrange(key, '+', '-', 'COUNT', 1)) as StreamEntry[])[0]?.[0] ?? '0-0';
      return startReader(newest);
    })();
    // A failed start is tried again by the next client rather than remembered.
    starting.catch(() => {
      if (reader === starting) reader = undefined;
    });
    return (reader = starting);
  };

  const remove = (deliver: (entries: StreamEntry[]) => void) => {
    clients.delete(deliver);
    if (clients.size === 0 && reader) {
      const stopping = reader;
      reader = undefined;
      stopping.then((r) => r.stop(), () => undefined);
    }
  };

  return {
    clientCount: () => clients.size,
    /**
     * Joins a client: `write` gets each entry after `lastEventId` (null: from the latest
     * analysis' start), in order. Rejects with `TooManyStreamClients` at the cap, or with the
     * catch-up read's error (the client is then not joined and holds nothing open).
     */
    async join(lastEventId: string | null, write: (entry: StreamEntry) => void): Promise<AnalysisStreamClient> {
      if (clients.size >= options.maxClients) throw new TooManyStreamClients(options.maxClients);
      let sentUpTo: string | null = null;
      let held: StreamEntry[] | null = [];
      const send = (entry: StreamEntry) => {
        if (sentUpTo !== null && compareStreamIds(entry[0], sentUpTo) <= 0) return;
        sentUpTo = entry[0];
        write(entry);
      };
      // Joined before the catch-up read, so nothing added in between is missed; held until it is done.
      const deliver = (entries: StreamEntry[]) => {
        if (held) held.push(...entries);
        else for (const entry of entries) send(entry);
      };
      clients.add(deliver);
      const client = { leave: () => remove(deliver) };
      try {
        await ensureReader();
        let after = lastEventId;
        if (after === null) {
          const start = await latestAnalysisStart(options.redis, options.run);
          after = start ? streamIdBefore(start) : null;
        }
        const missed = after === null ? [] : ((await options.redis.xrange(key, `(${after}`, '+')) as StreamEntry[]);
        // Without a start to show, a new client begins with what comes next, as it did before.
        if (after === null) sentUpTo = ((await options.redis.xrevrange(key, '+', '-', 'COUNT', 1)) as StreamEntry[])[0]?.[0] ?? null;
        for (const entry of missed) send(entry);
      } catch (error) {
        client.leave();
        throw error;
      }
      const waiting = held;
      held = null;
      for (const entry of waiting) send(entry);
      return client;
    },
    /** Stops the reader and forgets every client (the API is stopping). */
    close(): void {
      clients.clear();
      reader?.then((r) => r.stop(), () => undefined);
      reader = undefined;
    },
  };
}
export type AnalysisStreamHub = ReturnType<typeof createAnalysisStreamHub>;
