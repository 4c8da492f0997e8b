import { alertAnalystKeys, redisNamespace } from '@flywheel/contracts';
import type { Redis } from 'ioredis';
import type { StreamEntry } from './alert-store.js';

/** Fields read per HSCAN and removed per HDEL: no single command holds Redis up for long. */
const SCAN_COUNT = 1000;

/** Whether stream id `a` (`<ms>-<seq>`) is older than `b`. Ids that are not stream ids never are. */
function olderThan(a: string, b: string): boolean {
  const [am, as] = a.split('-').map(Number);
  const [bm, bs] = b.split('-').map(Number);
  if (!Number.isSafeInteger(am) || !Number.isSafeInteger(as)) return false;
  return am! < bm! || (am === bm && as! < bs!);
}

/**
 * Removes the acknowledgements and dispositions of alerts the alerts stream no longer holds
 * (oldest first by nature: the stream is trimmed from its oldest end, `alerts.streamMaxLength`).
 * A mark is only ever read for an alert in the stream (`GET /api/alerts`, the ack route 404s
 * for a trimmed one), so nothing shown is lost, and the two hashes stay as bounded as the
 * stream. With the stream empty or gone every mark goes. Returns how many were removed.
 */
export async function pruneAlertMarks(redis: Redis, run: string): Promise<{ acks: number; dispositions: number }> {
  const first = (await redis.xrange(redisNamespace(run).alerts, '-', '+', 'COUNT', 1)) as StreamEntry[];
  const oldest = first[0]?.[0] ?? null;
  const keys = alertAnalystKeys(run);
  return { acks: await pruneHash(redis, keys.acks, oldest), dispositions: await pruneHash(redis, keys.dispositions, oldest) };
}

async function pruneHash(redis: Redis, key: string, oldest: string | null): Promise<number> {
  if (oldest === null) {
    const count = await redis.hlen(key);
    await redis.del(key);
    return count;
  }
  let removed = 0;
  let cursor = '0';
  do {
    const [next, flat] = await redis.hscan(key, cursor, 'COUNT', SCAN_COUNT);
    cursor = next;
    const stale = flat.filter((_, i) => i % 2 === 0).filter((id) => olderThan(id, oldest));
    // HSCAN may return a field twice; HDEL of one already gone counts 0, so the total stays right.
    if (stale.length) removed += await redis.hdel(key, ...stale);
  } while (cursor !== '0');
  return removed;
}
