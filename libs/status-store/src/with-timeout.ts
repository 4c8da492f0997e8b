/**
 * Settles like `promise`, or rejects after `ms` milliseconds with an error naming `what`.
 *
 * Why: a daemon's ioredis client has `maxRetriesPerRequest: null` (BullMQ needs it), so while
 * Redis is down a command waits for the reconnect forever. Status writes and reads must not
 * hang on that: the file on disk is the record, Redis only a copy.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer from Redis within ${ms} ms`)), ms);
    // A pending timer must not keep a process (or a test run) alive.
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
