import type { StatusUpdateMessage } from '@flywheel/contracts';
import type { StatusStore, StatusSubscription } from '@flywheel/status-store';
import type { Logger } from 'pino';

export type StatusListener = (update: StatusUpdateMessage) => void;

/** Status publications from Redis, shared by every `/api/events` client. */
export interface StatusEvents {
  /**
   * Calls `listener` for each status publication until the returned function is called.
   * Resolves once the Redis subscription is up (so nothing published afterwards is missed).
   */
  listen(listener: StatusListener): Promise<() => void>;
  /** Listeners now (open event streams). */
  listenerCount(): number;
  /** Ends the subscription and tells every listener's owner through `onClose` callbacks. */
  close(): Promise<void>;
  /** Called on `close()`: open event streams end so the server can stop. */
  onClose(callback: () => void): () => void;
}

/**
 * One Redis subscription for the whole API, opened at the first listener (a subscribed
 * connection per browser tab would not scale), fanned out to every listener.
 */
export function createStatusEvents(statusStore: StatusStore, logger: Logger): StatusEvents {
  const listeners = new Set<StatusListener>();
  const closers = new Set<() => void>();
  let subscription: Promise<StatusSubscription> | undefined;
  let closed = false;

  const subscribe = () => {
    subscription ??= statusStore.subscribe((update) => {
      for (const listener of listeners) listener(update);
    });
    // A failed subscribe is retried by the next listener rather than remembered forever.
    subscription.catch(() => (subscription = undefined));
    return subscription;
  };

  return {
    async listen(listener) {
      if (closed) throw new Error('status events are closed');
      await subscribe();
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    listenerCount: () => listeners.size,
    onClose(callback) {
      closers.add(callback);
      return () => void closers.delete(callback);
    },
    async close() {
      closed = true;
      for (const callback of [...closers]) callback();
      closers.clear();
      listeners.clear();
      const open = subscription;
      subscription = undefined;
      if (open) await open.then((s) => s.close()).catch((error: unknown) => logger.warn({ err: error }, 'closing the status subscription failed'));
    },
  };
}
