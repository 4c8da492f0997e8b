import { redisClientOptions, type RedisSettings } from '@flywheel/config';
import { Redis } from 'ioredis';

/**
 * The API's Redis client, from `config.redis` (user, password, `rediss://`, CA file). No
 * offline queue and one retry per request: with Redis away the API serves the status files
 * from disk at once instead of holding requests.
 */
export function createApiRedis(settings: RedisSettings): Redis {
  return new Redis(settings.url, { ...redisClientOptions(settings), maxRetriesPerRequest: 1, enableOfflineQueue: false });
}
