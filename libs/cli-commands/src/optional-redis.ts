import { describeRedisError, redisClientOptions, type RedisSettings } from '@flywheel/config';
import { Redis } from 'ioredis';

export type OptionalRedis = { redis: Redis; error: null } | { redis: null; error: string };

/**
 * A Redis connection for a command that can do without one (status, queue-health): it fails
 * within `timeoutMs` instead of retrying forever, and says why. The caller quits it.
 */
export async function connectOptionalRedis(settings: RedisSettings | string, timeoutMs = 2_000): Promise<OptionalRedis> {
  const target = typeof settings === 'string' ? { url: settings } : settings;
  const url = target.url;
  let tls;
  try {
    tls = redisClientOptions(target);
  } catch (error) {
    return { redis: null, error: (error as Error).message };
  }
  const redis = new Redis(url, {
    ...tls,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    // disconnect() otherwise keeps a 2 s timer to destroy a stream that is already gone.
    disconnectTimeout: 50,
  });
  // The 'error' event carries the cause (ECONNREFUSED, ENOTFOUND); connect() only says "Connection is closed".
  const seen: { cause: Error | null } = { cause: null };
  redis.on('error', (error: Error) => (seen.cause ??= error));
  try {
    await redis.connect();
    return { redis, error: null };
  } catch (error) {
    redis.disconnect();
    const why = describeRedisError(seen.cause ?? error);
    return { redis: null, error: `redis at ${redactUrl(url)} unreachable: ${why}` };
  }
}

/** `redis://:secret@host` → `redis://:***@host`, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, (_m, auth: string) => `//${auth.includes(':') ? auth.split(':')[0] + ':***' : '***'}@`);
}

export async function quitQuietly(redis: Redis | null): Promise<void> {
  if (!redis) return;
  await redis.quit().catch(() => redis.disconnect());
}
