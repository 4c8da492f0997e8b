// The eval cache on a real Redis and a real folder (issue 17): an entry cut short by a crash
// or a full disk is a miss (the evaluation runs again), never a failed job.
import { describe, expect, it } from '@jest/globals';
import { redisNamespace, type EvalRecord } from '@flywheel/contracts';
import { redisPerFile, tempDir } from '@flywheel/testing';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createEvalCache, evalResultFile } from './eval-cache.js';
import { pruneEvaluationRecords } from './evals-retention.js';

const RUN = 'eval-cache';
const redis = redisPerFile();
const record = (exampleId: string): EvalRecord => ({
  exampleId, difficulty: 'easy', skill: 'arithmetic', prediction: '42', correct: true,
  think: { present: false, closed: false, length: 0 }, confidence: 0.9, golden: { unsupported: 'no logprobs' },
  outputTokens: 2, latencyMs: 12, backend: 'vllm:sim', cacheKey: `k-${exampleId}`,
});

const resultOf = (checkpoint: string, checkpointId: string) => ({
  checkpoint, checkpointId, exampleSet: 'validation', exampleSetId: 'set-1', params: { maxTokens: 256, temperature: 0, stop: [] }, backend: 'vllm:sim',
  summary: { examples: 1, correct: 1, accuracy: 1, meanConfidence: 0.9, goldenLoss: null, goldenTokens: 0, unsupported: {}, skippedLines: 0, cachedRecords: 0 },
  problems: [], records: [record('a')], evaluatedAt: '2026-06-01T12:00:00.000Z',
});

describe('hostile input: a corrupt eval-cache entry', () => {
  it('is a miss in Redis and on disk, not an exception, and the evaluation run again replaces it', async () => {
    const dir = await tempDir('eval-cache');
    try {
      const cache = createEvalCache({ run: RUN, redis: redis.client, dir: dir.dir });
      await redis.client.set(redisNamespace(RUN).evalResult('half'), '{"checkpoint": "checkpoint-1", "recor');
      const file = evalResultFile(dir.dir, 'checkpoint-1', 'half');
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, '{"checkpoint": "checkpoint-1", "rec');
      await expect(cache.getResult('half', 'checkpoint-1')).resolves.toBeNull();
      // The evaluation runs again: its result takes the torn entry's place, in Redis and in the file.
      await cache.putResult('half', resultOf('checkpoint-1', 'ck-half'));
      expect((await cache.getResult('half', 'checkpoint-1'))?.checkpointId).toBe('ck-half');
      await redis.client.del(redisNamespace(RUN).evalResult('half'));
      expect((await cache.getResult('half', 'checkpoint-1'))?.checkpointId).toBe('ck-half');
    } finally {
      await dir.remove();
    }
  });

  it('leaves out a record that does not parse and returns the others', async () => {
    const cache = createEvalCache({ run: RUN, redis: redis.client, dir: '/nonexistent' });
    await cache.putRecord('ck-1', record('a'));
    await redis.client.hset(redisNamespace(RUN).evalRecords('ck-1'), 'k-b', '{"exampleId": "b", "diffic');
    const found = await cache.getRecords('ck-1', ['k-a', 'k-b']);
    expect([...found.keys()]).toEqual(['k-a']);
    expect(found.get('k-a')).toEqual(record('a'));
  });
});

describe("hostile input: growth of the eval cache's Redis copies", () => {
  it('are deleted with their checkpoint when status/evals/ is pruned, and the kept ones stay', async () => {
    const dir = await tempDir('eval-cache');
    try {
      const statusDir = dir.dir;
      const evals = path.join(statusDir, 'evals');
      const cache = createEvalCache({ run: RUN, redis: redis.client, dir: evals });
      const ns = redisNamespace(RUN);
      for (const step of [1, 2, 3]) {
        await cache.putResult(`key-${step}`, resultOf(`checkpoint-${step}`, `ck-prune-${step}`));
        await cache.putRecord(`ck-prune-${step}`, record('a'));
      }
      await writeFile(path.join(statusDir, 'champion.json'), JSON.stringify({ champion: 'checkpoint-3' }));
      const forgotten: number[] = [];
      const retention = await pruneEvaluationRecords(evals, statusDir, {
        keep: 1, aroundKept: 0, pinned: '',
        beforeRemove: async (checkpoint) => forgotten.push(await cache.forgetCheckpoint(checkpoint)),
      });
      expect(retention).toEqual({ removed: ['checkpoint-1', 'checkpoint-2'], skipped: null });
      // Each removed checkpoint had one result key and one records hash.
      expect(forgotten).toEqual([2, 2]);
      for (const step of [1, 2]) {
        expect(await redis.client.exists(ns.evalResult(`key-${step}`), ns.evalRecords(`ck-prune-${step}`))).toBe(0);
      }
      expect(await redis.client.exists(ns.evalResult('key-3'), ns.evalRecords('ck-prune-3'))).toBe(2);
      expect((await readdir(evals)).sort()).toEqual(['checkpoint-3', 'pruned.json']);
    } finally {
      await dir.remove();
    }
  });

  it('expire after evaluation.redisTtlSeconds, and an expired result is read back from its file', async () => {
    const dir = await tempDir('eval-cache');
    try {
      const cache = createEvalCache({ run: RUN, redis: redis.client, dir: dir.dir, ttlSeconds: 120 });
      await cache.putRecord('ck-ttl', record('a'));
      const recordsKey = redisNamespace(RUN).evalRecords('ck-ttl');
      const ttl = await redis.client.ttl(recordsKey);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(120);
      const result = resultOf('checkpoint-7', 'ck-ttl');
      await cache.putResult('ttl-key', result);
      const resultKey = redisNamespace(RUN).evalResult('ttl-key');
      expect(await redis.client.ttl(resultKey)).toBeGreaterThan(0);
      // Gone from Redis (as after its TTL): the file answers, and the copy comes back with a TTL.
      await redis.client.del(resultKey);
      expect((await cache.getResult('ttl-key', 'checkpoint-7'))?.checkpointId).toBe('ck-ttl');
      const back = await redis.client.ttl(resultKey);
      expect(back).toBeGreaterThan(0);
      expect(back).toBeLessThanOrEqual(120);
    } finally {
      await dir.remove();
    }
  });
});
