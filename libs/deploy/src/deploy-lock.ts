import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface DeployLock {
  release(): Promise<void>;
  /** Why the lock is no longer ours (its key expired or another holder has it), or null while held. */
  lost(): string | null;
}

/**
 * One deployment at a time across all hosts: a Redis key set only if absent, with an expiry
 * so a dead holder cannot block deploys for ever. Released only by its holder. While held it
 * is renewed every third of its TTL, so a deploy that runs longer than the TTL (a slow model
 * load, a long health wait) keeps it; a renewal that finds the key gone or someone else's
 * marks the lock lost, and the deploy must not write as if it still held it.
 */
export async function acquireDeployLock(redis: Redis, key: string, ttlMs: number): Promise<DeployLock | null> {
  const token = randomUUID();
  const ok = await redis.set(key, token, 'PX', ttlMs, 'NX');
  if (ok !== 'OK') return null;
  let lostReason: string | null = null;
  const renew = setInterval(() => {
    redis.eval(RENEW, 1, key, token, String(ttlMs)).then(
      (renewed) => {
        if (Number(renewed) !== 1 && lostReason === null) lostReason = `the deploy lock ${key} expired or was taken by another holder before its renewal`;
      },
      // Redis unreachable: the key may still expire; the next renewal says so if it has.
      () => undefined,
    );
  }, Math.max(50, Math.floor(ttlMs / 3)));
  renew.unref();
  return {
    release: async () => {
      clearInterval(renew);
      await redis.eval(RELEASE, 1, key, token);
    },
    lost: () => lostReason,
  };
}
