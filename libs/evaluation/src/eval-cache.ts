import { EvalRecord, EvaluationResult, redisNamespace } from '@flywheel/contracts';
import { writeFileAtomic } from '@flywheel/status-store';
import type { Redis } from 'ioredis';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface EvalCache {
  /** A finished evaluation: Redis first, then its file under `status/evals/` (copied back to Redis). */
  getResult(key: string, checkpoint: string): Promise<EvaluationResult | null>;
  /** Writes the file (atomically) and the Redis copy. */
  putResult(key: string, result: EvaluationResult): Promise<void>;
  /** Records already inferred for this checkpoint, by record cache key. */
  getRecords(checkpointId: string, keys: readonly string[]): Promise<Map<string, EvalRecord>>;
  /** Saved as soon as each example is done, so a crashed evaluation resumes where it stopped. */
  putRecord(checkpointId: string, record: EvalRecord): Promise<void>;
  /**
   * Deletes the Redis copies of the results filed under `<dir>/<checkpoint>/` and the records
   * of the checkpoint identities they name: called before that folder is pruned, so that
   * Redis does not keep them for the rest of their TTL. Returns the number of keys deleted.
   */
  forgetCheckpoint(checkpoint: string): Promise<number>;
}

export interface EvalCacheOptions {
  run: string;
  redis: Redis | null;
  /** `<statusDir>/evals`. */
  dir: string;
  /** Lifetime of the Redis copies (`evaluation.redisTtlSeconds`); the files stay. @defaultValue 7 days */
  ttlSeconds?: number;
}

export const EVAL_CACHE_TTL_SECONDS = 604_800;

/** Where a result's file lives: one folder per checkpoint name, one file per evaluation key. */
export function evalResultFile(dir: string, checkpoint: string, key: string): string {
  return path.join(dir, checkpoint, `${key}.json`);
}

/** A cache entry cut short (a crash mid-write, a full disk) is a miss, not a failed job. */
function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function createEvalCache(options: EvalCacheOptions): EvalCache {
  const ns = redisNamespace(options.run);
  const { redis } = options;
  const ttl = String(options.ttlSeconds ?? EVAL_CACHE_TTL_SECONDS);
  return {
    async getResult(key, checkpoint) {
      const fromRedis = redis ? await redis.get(ns.evalResult(key)) : null;
      if (fromRedis) {
        const parsed = EvaluationResult.safeParse(jsonOrUndefined(fromRedis));
        if (parsed.success) return parsed.data;
      }
      let text: string;
      try {
        text = await readFile(evalResultFile(options.dir, checkpoint, key), 'utf8');
      } catch {
        return null;
      }
      // A cache entry that no longer parses is a miss: the evaluation simply runs again.
      const parsed = EvaluationResult.safeParse(jsonOrUndefined(text));
      if (!parsed.success) return null;
      if (redis) await redis.set(ns.evalResult(key), text, 'EX', ttl);
      return parsed.data;
    },
    async putResult(key, result) {
      const text = JSON.stringify(result);
      await writeFileAtomic(evalResultFile(options.dir, result.checkpoint, key), text + '\n');
      if (redis) await redis.set(ns.evalResult(key), text, 'EX', ttl);
    },
    async getRecords(checkpointId, keys) {
      const found = new Map<string, EvalRecord>();
      if (!redis || keys.length === 0) return found;
      const values = await redis.hmget(ns.evalRecords(checkpointId), ...keys);
      values.forEach((value, index) => {
        if (!value) return;
        const parsed = EvalRecord.safeParse(jsonOrUndefined(value));
        if (parsed.success) found.set(keys[index]!, parsed.data);
      });
      return found;
    },
    async putRecord(checkpointId, record) {
      if (!redis) return;
      // The hash of a checkpoint's records lives as long as its newest record plus the TTL: a
      // pruned checkpoint's records go once nothing is evaluated on it any more.
      await redis.multi().hset(ns.evalRecords(checkpointId), record.cacheKey, JSON.stringify(record)).expire(ns.evalRecords(checkpointId), ttl).exec();
    },
    async forgetCheckpoint(checkpoint) {
      if (!redis) return 0;
      const folder = path.join(options.dir, checkpoint);
      const files = (await readdir(folder).catch(() => [] as string[])).filter((name) => name.endsWith('.json'));
      const keys = new Set<string>();
      for (const file of files) {
        keys.add(ns.evalResult(file.slice(0, -'.json'.length)));
        // A torn file still names its result key; its records expire on their own.
        const parsed = EvaluationResult.safeParse(jsonOrUndefined(await readFile(path.join(folder, file), 'utf8').catch(() => '')));
        if (parsed.success) keys.add(ns.evalRecords(parsed.data.checkpointId));
      }
      return keys.size === 0 ? 0 : redis.del(...keys);
    },
  };
}
