// Needs a private redis-server (started by the test).
import { describe, expect, it } from '@jest/globals';
import { redisPerFile } from '@flywheel/testing';
import { acquireDeployLock } from './deploy-lock.js';

const redis = redisPerFile();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('hostile input: a deploy longer than the lock TTL (acquireDeployLock)', () => {
  it('is renewed while held, so it outlives its TTL, and is free once released', async () => {
    const lock = (await acquireDeployLock(redis.client, 'lock:renewed', 300))!;
    expect(lock).not.toBeNull();
    // Four TTLs later the key is still there, with an expiry no longer than the TTL.
    await pause(1_200);
    expect(await redis.client.exists('lock:renewed')).toBe(1);
    expect(await redis.client.pttl('lock:renewed')).toBeLessThanOrEqual(300);
    expect(await acquireDeployLock(redis.client, 'lock:renewed', 300)).toBeNull();
    expect(lock.lost()).toBeNull();
    await lock.release();
    expect(await redis.client.exists('lock:renewed')).toBe(0);
  });

  it('says it is lost when another holder has the key at its renewal', async () => {
    const lock = (await acquireDeployLock(redis.client, 'lock:stolen', 300))!;
    await redis.client.set('lock:stolen', 'someone-else', 'PX', 10_000);
    await pause(600);
    expect(lock.lost()).toMatch(/expired or was taken by another holder/);
    await lock.release();
    // Release removes only its own token: the other holder's key stays.
    expect(await redis.client.get('lock:stolen')).toBe('someone-else');
  });
});
