import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * One deployment at a time across all hosts: a Redis key set only if absent, with an expiry
 * so a dead holder cannot block deploys for ever. Released only by its holder.
 */
export async function acquireDeployLock(redis: Redis, key: string, ttlMs: number): Promise<{ release(): Promise<void> } | null> {
  const token = randomUUID();
  const ok = await redis.set(key, token, 'PX', ttlMs, 'NX');
  if (ok !== 'OK') return null;
  return {
    release: async () => {
      await redis.eval(RELEASE, 1, key, token);
    },
  };
}
