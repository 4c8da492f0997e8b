import { redisClientOptions, type RedisSettings } from '@flywheel/config';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis client for a daemon. Workers need `maxRetriesPerRequest: null` (BullMQ blocks on
 * its commands and must not give up while Redis restarts); a one-shot run (`--once`) instead
 * fails fast, so a manual run without Redis still writes its status file and exits.
 * Pass `config.redis` (URL with user/password, `rediss://`, CA file); a bare URL still works
 * for callers not yet moved over, but gets no private CA.
 */
export function createRedis(settings: RedisSettings | string, mode: 'daemon' | 'once'): Redis {
  const redis = typeof settings === 'string' ? { url: settings } : settings;
  const options: RedisOptions =
    mode === 'daemon'
      ? { maxRetriesPerRequest: null, enableReadyCheck: true }
      : { maxRetriesPerRequest: 1, connectTimeout: 2_000, enableOfflineQueue: false, retryStrategy: () => null };
  return new Redis(redis.url, { ...redisClientOptions(redis), ...options, lazyConnect: mode === 'once' });
}
