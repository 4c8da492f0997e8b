import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis client for a daemon. Workers need `maxRetriesPerRequest: null` (BullMQ blocks on
 * its commands and must not give up while Redis restarts); a one-shot run (`--once`) instead
 * fails fast, so a manual run without Redis still writes its status file and exits.
 */
export function createRedis(url: string, mode: 'daemon' | 'once'): Redis {
  const options: RedisOptions =
    mode === 'daemon'
      ? { maxRetriesPerRequest: null, enableReadyCheck: true }
      : { maxRetriesPerRequest: 1, connectTimeout: 2_000, enableOfflineQueue: false, retryStrategy: () => null };
  return new Redis(url, { ...options, lazyConnect: mode === 'once' });
}
