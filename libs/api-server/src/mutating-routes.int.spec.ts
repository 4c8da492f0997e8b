import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DAEMON_NAMES, redisNamespace } from '@flywheel/contracts';
import { createStatusStore } from '@flywheel/status-store';
import { readProtection } from '@flywheel/sync';
import { redisPerFile, tempDir } from '@flywheel/testing';
import { Queue } from 'bullmq';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { createApiApp, type ApiApp } from './create-api-app.js';

const TOKEN = 'a-test-token-of-enough-length';
const RUN = 'mutating';
const logger = pino({ level: 'silent' });
const redis = redisPerFile({ maxRetriesPerRequest: 1, enableOfflineQueue: false });
let temp: { dir: string; remove: () => Promise<void> };
let app: ApiApp;
const auth = { Authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  temp = await tempDir('api-mutating');
  const statusStore = createStatusStore({ statusDir: temp.dir, run: RUN, redis: redis.client, logger });
  app = createApiApp({ statusStore, redis: redis.client, run: RUN, staleFactor: 2, staleAfterSeconds: 60, logger, token: TOKEN });
});
afterAll(async () => {
  await app.closeResources();
  await temp.remove();
});

describe('POST /api/daemons/:daemon/run', () => {
  it('queues one manual job on the daemon’s queue of this run', async () => {
    const res = await request(app).post('/api/daemons/regression-monitor/run').set(auth);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ queued: true, daemon: 'regression-monitor', job_id: expect.any(String) });

    // Read back through BullMQ on its own connection, as the daemon's worker would see it.
    const queue = new Queue('regression-monitor', { connection: redis.client.duplicate(), prefix: redisNamespace(RUN).queuePrefix });
    try {
      const job = await queue.getJob(res.body.job_id);
      expect(job?.name).toBe('manual.run');
      expect(job?.data).toEqual({ kind: 'manual', requestedBy: 'api' });
      expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 1 });
    } finally {
      await queue.close();
      await (queue.opts.connection as { quit(): Promise<unknown> }).quit();
    }
  });

  it('refuses an unknown daemon with 400 naming it', async () => {
    const res = await request(app).post('/api/daemons/gpu-miner/run').set(auth);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: `daemon: unknown daemon "gpu-miner"; one of ${DAEMON_NAMES.join(', ')}`, status: 400, field: 'daemon' });
  });
});

describe('checkpoint pins', () => {
  it('records pins in status/pinned_checkpoints.json, which the sync daemon’s protection reads', async () => {
    const first = await request(app).post('/api/checkpoints/checkpoint-1200/pin').set(auth);
    expect(first.body).toEqual({ checkpoint: 'checkpoint-1200', pinned: true, changed: true, pins: ['checkpoint-1200'] });
    const again = await request(app).post('/api/checkpoints/checkpoint-1200/pin').set(auth);
    expect(again.body).toEqual({ checkpoint: 'checkpoint-1200', pinned: true, changed: false, pins: ['checkpoint-1200'] });
    await request(app).post('/api/checkpoints/checkpoint-1300/pin').set(auth);

    const file = JSON.parse(await readFile(path.join(temp.dir, 'pinned_checkpoints.json'), 'utf8'));
    expect(file.pinned).toEqual(['checkpoint-1200', 'checkpoint-1300']);
    expect((await readProtection(temp.dir, 'checkpoint-7')).pinned).toEqual(['checkpoint-7', 'checkpoint-1200', 'checkpoint-1300']);

    const removed = await request(app).delete('/api/checkpoints/checkpoint-1200/pin').set(auth);
    expect(removed.body).toEqual({ checkpoint: 'checkpoint-1200', pinned: false, changed: true, pins: ['checkpoint-1300'] });
    expect((await readProtection(temp.dir, '')).pinned).toEqual(['checkpoint-1300']);
  });

  it('keeps every pin of requests made at once', async () => {
    const names = Array.from({ length: 8 }, (_, i) => `checkpoint-${2000 + i}`);
    await Promise.all(names.map((n) => request(app).post(`/api/checkpoints/${n}/pin`).set(auth)));
    expect((await readProtection(temp.dir, '')).pinned.sort()).toEqual(['checkpoint-1300', ...names].sort());
  });
});
