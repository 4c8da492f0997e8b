import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { redisNamespace } from '@flywheel/contracts';
import { createStatusStore } from '@flywheel/status-store';
import { startTlsRedis, waitFor, type TlsRedis } from '@flywheel/testing';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import request from 'supertest';
import { createApiRedis } from './api-redis.js';
import { createApiApp, type ApiApp } from './create-api-app.js';

// The API against a TLS-only redis-server with an ACL user and the default user off (issue 17):
// its own client, bull-board's queues and a queued job all go over rediss:// with the CA file.
const TOKEN = 'a-test-token-of-enough-length';
const RUN = 'api-tls';
const logger = pino({ level: 'silent' });
let tls: TlsRedis;
let redis: Redis;
let app: ApiApp;

beforeAll(async () => {
  tls = await startTlsRedis('api-redis-tls', { name: 'flywheel-api', password: 'api:p@ss/word' });
  redis = createApiRedis({ url: tls.server.url, tlsCaFile: tls.certs.caFile });
  redis.on('error', () => undefined);
  await waitFor(() => redis.status === 'ready', { what: 'the API client to be ready over TLS' });
  const statusStore = createStatusStore({ statusDir: tls.dir, run: RUN, redis, logger });
  app = createApiApp({ statusStore, redis, run: RUN, staleFactor: 2, staleAfterSeconds: 60, logger, token: TOKEN });
});
afterAll(async () => {
  await app?.closeResources();
  redis?.disconnect();
  await tls?.stop();
});

describe('the API over rediss:// with an ACL user and redis.tlsCaFile', () => {
  it('is ready, lists the queues in bull-board and queues a manual run', async () => {
    expect(await redis.acl('WHOAMI')).toBe('flywheel-api');
    expect((await request(app).get('/readyz')).body).toEqual({ ready: true, redis: 'ok' });
    const queues = await request(app).get('/admin/queues/api/queues');
    expect(queues.status).toBe(200);
    expect((queues.body.queues as Array<{ name: string }>).map((q) => q.name)).toContain('regression-monitor');
    const queued = await request(app).post('/api/daemons/regression-monitor/run').set({ Authorization: `Bearer ${TOKEN}` });
    expect(queued.status).toBe(202);
    const queue = new Queue('regression-monitor', { connection: redis.duplicate(), prefix: redisNamespace(RUN).queuePrefix });
    try {
      expect(await queue.getWaitingCount()).toBe(1);
    } finally {
      await queue.close();
      await queue.disconnect();
    }
  });

  it('answers 503 with the refusal when the password is wrong, and never shows the password', async () => {
    const wrong = createApiRedis({ url: tls.server.url.replace(encodeURIComponent('api:p@ss/word'), 'not-it'), tlsCaFile: tls.certs.caFile });
    const seen: Error[] = [];
    wrong.on('error', (error: Error) => seen.push(error));
    const statusStore = createStatusStore({ statusDir: tls.dir, run: RUN, redis: wrong, logger });
    const refusing = createApiApp({ statusStore, redis: wrong, run: RUN, staleFactor: 2, staleAfterSeconds: 60, logger, token: TOKEN });
    try {
      await waitFor(() => seen.length > 0, { what: 'the refused login' });
      expect(seen[0]!.message).toMatch(/^WRONGPASS/);
      const ready = await request(refusing).get('/readyz');
      expect(ready.status).toBe(503);
      expect(JSON.stringify(ready.body)).not.toContain('not-it');
    } finally {
      await refusing.closeResources();
      wrong.disconnect();
    }
  });
});
