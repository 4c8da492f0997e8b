import { redisNamespace, type EvalRecord } from '@flywheel/contracts';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { EvalCache } from './eval-cache.js';

export interface InferenceClaims {
  redis: Redis;
  run: string;
  /** Who this evaluator is, in the claim's value (a claim is only released or kept alive by its owner). */
  token: string;
  /** How long a claim outlives an evaluator that died holding it; kept alive every ttl/3 while inferring. @defaultValue 30000 */
  ttlMs?: number;
  /** Between looks at a claim another evaluator holds. @defaultValue 100 */
  pollMs?: number;
}

export const CLAIM_TTL_MS = 30_000;

/** A token naming this process: host, pid and a random part (two evaluators in one process differ). */
export function claimToken(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID()}`;
}

// Compare-and-delete / compare-and-extend: a claim that expired and was taken by another
// evaluator is not ours to touch.
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const EXTEND = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

/**
 * One (checkpoint, example, params) inferred once however many evaluators want it: the record
 * in the cache wins; else whoever sets the claim (SET NX PX) infers and caches it, and everyone
 * else waits for that record. A claim whose holder died expires after `ttlMs`, and the example
 * is then inferred by the next to claim it (the dead one's answer was never recorded).
 */
export async function inferOnce(
  claims: InferenceClaims,
  cache: EvalCache,
  checkpointId: string,
  recordKey: string,
  infer: () => Promise<EvalRecord>,
): Promise<{ record: EvalRecord; inferred: boolean }> {
  const ttlMs = claims.ttlMs ?? CLAIM_TTL_MS;
  const claimKey = redisNamespace(claims.run).evalClaim(recordKey);
  const cached = async () => (await cache.getRecords(checkpointId, [recordKey])).get(recordKey);
  for (;;) {
    const hit = await cached();
    if (hit) return { record: hit, inferred: false };
    const claimed = await claims.redis.set(claimKey, claims.token, 'PX', ttlMs, 'NX');
    if (claimed === 'OK') {
      const keepAlive = setInterval(() => void claims.redis.eval(EXTEND, 1, claimKey, claims.token, ttlMs).catch(() => undefined), Math.max(10, Math.floor(ttlMs / 3)));
      keepAlive.unref();
      try {
        // The holder before us may have cached it and let go between our look and our claim.
        const late = await cached();
        if (late) return { record: late, inferred: false };
        const record = await infer();
        await cache.putRecord(checkpointId, record);
        return { record, inferred: true };
      } finally {
        clearInterval(keepAlive);
        await claims.redis.eval(RELEASE, 1, claimKey, claims.token).catch(() => undefined);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, claims.pollMs ?? 100));
  }
}
