import { describe, expect, it } from '@jest/globals';
import { DAEMON_NAMES, redisNamespace, type DaemonName, type StatusBody, type StatusId } from '@flywheel/contracts';
import { createStatusStore } from '@flywheel/status-store';
import { redisPerFile, startRedis, tempDir } from '@flywheel/testing';
import { Redis } from 'ioredis';
import { rm, writeFile } from 'node:fs/promises';
import { pino } from 'pino';
import request from 'supertest';
import { createApiApp } from './create-api-app.js';
import { bodyOf } from './status-bodies.fixture.js';

const RUN = 'status-run';
const NOW = new Date('2026-06-01T12:00:00.000Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);
const logger = pino({ level: 'silent' });

// The options apps/api uses: fail fast rather than queue while Redis is away.
const redis = redisPerFile({ maxRetriesPerRequest: 1, enableOfflineQueue: false });

function heartbeat(daemon: DaemonName, intervalSeconds: number | null) {
  return {
    daemon, run: RUN, pid: 4242, host: 'gpu-3090', startedAt: ago(3600).toISOString(), beatAt: ago(2).toISOString(),
    intervalSeconds, state: 'idle', lastJob: null,
  };
}

describe('GET /api/status with Redis', () => {
  it('works out present, stale, missing and error from write times and writers’ heartbeats', async () => {
    const { dir, remove } = await tempDir('api-status');
    const other = await tempDir('api-status-other-host');
    try {
      const ns = redisNamespace(RUN);
      const beats = {
        'regression-monitor': heartbeat('regression-monitor', 60),
        'model-comparison': heartbeat('model-comparison', 60),
        'confidence-calibrator': heartbeat('confidence-calibrator', null),
      };
      for (const [daemon, beat] of Object.entries(beats)) await redis.client.set(ns.heartbeat(daemon as DaemonName), JSON.stringify(beat));
      await redis.client.set(ns.heartbeat('checkpoint-auto-deploy'), JSON.stringify({ ...heartbeat('checkpoint-auto-deploy', 60), pid: 'x' }));

      const writeAgo = async <Id extends StatusId>(id: Id, seconds: number, statusDir = dir, body: StatusBody<Id> = bodyOf(id)) =>
        createStatusStore({ statusDir, run: RUN, redis: redis.client, logger, now: () => ago(seconds) }).write(id, body);
      await writeAgo('regression', 100); //         writer beats every 60 s: stale after 2 × 60 = 120 s → present
      await writeAgo('model_comparison', 121); //   same rule, 121 > 120 → stale
      await writeAgo('training', 1000); //          no writer daemon: stale after 1800 s → present
      await writeAgo('curriculum', 1801); //        writer has no heartbeat: 1800 s → stale
      await writeAgo('confidence', 1799.5); //      writer event-driven (interval null): 1800 s → present
      await writeAgo('deployment', 200); //         writer's heartbeat is invalid: 1800 s → present
      await writeAgo('testing', 10, other.dir, { checkpoint: 'checkpoint-1200', overall_accuracy: 0.7, by_difficulty: { easy: 0.9, medium: 0.7, hard: 0.5 }, regression_detected: false, baseline: null });
      const statusStore = createStatusStore({ statusDir: dir, run: RUN, redis: redis.client, logger });
      await writeFile(statusStore.fileOf('adversarial'), '{"checkpoint": "checkpoint-1200", ');

      // Snapshots off: the file removed below must show in the very next answer.
      const app = createApiApp({ statusStore, redis: redis.client, run: RUN, staleFactor: 2, staleAfterSeconds: 1800, logger, now: () => NOW, statusSnapshotMs: 0 });
      const res = await request(app).get('/api/status');
      expect(res.status).toBe(200);
      const { statuses, daemons } = res.body;
      const brief = Object.fromEntries(
        Object.entries(statuses as Record<string, Record<string, unknown>>).map(([id, s]) => [id, [s['state'], s['age_seconds'], s['stale_after_seconds']]]),
      );
      expect(brief).toEqual({
        training: ['present', 1000, 1800],
        adversarial: ['error', null, 1800],
        curriculum: ['stale', 1801, 1800],
        regression: ['present', 100, 120],
        model_comparison: ['stale', 121, 120],
        confidence: ['present', 1799.5, 1800],
        self_correction: ['missing', null, 1800],
        data_generation: ['missing', null, 1800],
        testing: ['present', 10, 1800],
        checkpoint_sync: ['missing', null, 1800],
        deployment: ['present', 200, 1800],
        champion: ['missing', null, 1800],
        canary: ['missing', null, 1800],
        llm_health: ['missing', null, 1800],
        alert_analyst: ['missing', null, 1800],
      });
      expect(statuses.regression).toEqual({
        route: '/api/regression', file: 'regression_monitoring.json', state: 'present', last_update: '2026-06-01T11:58:20.000Z',
        age_seconds: 100, stale_after_seconds: 120, writer: 'regression-monitor', source: 'file',
      });
      // Written on another host: only its Redis copy reaches this one.
      expect(statuses.testing).toMatchObject({ source: 'redis', writer: 'automated-testing' });
      // The file by its name only: its absolute path stays in the host's files.
      expect(statuses.adversarial.error).toContain('adversarial_mining.json (adversarial_mining.json): not valid JSON');
      expect(statuses.adversarial.error).not.toContain(dir);
      expect(statuses.training.writer).toBeNull();
      expect(res.body.ok).toBe(false);
      expect(res.body.run).toBe(RUN);
      expect(res.body.generated_at).toBe('2026-06-01T12:00:00.000Z');
      expect(res.body.redis).toEqual({ configured: true, ok: true });

      expect(daemons['regression-monitor']).toEqual({ alive: true, heartbeat: beats['regression-monitor'] });
      expect(daemons['confidence-calibrator']).toEqual({ alive: true, heartbeat: beats['confidence-calibrator'] });
      expect(daemons['checkpoint-auto-deploy']).toEqual({ alive: false, heartbeat: null, error: expect.stringContaining('pid:') });
      const alive = DAEMON_NAMES.filter((d) => daemons[d].alive);
      expect(alive).toEqual(['model-comparison', 'regression-monitor', 'confidence-calibrator']);

      // Remove the broken file: nothing is in error any more.
      await rm(statusStore.fileOf('adversarial'));
      const fixed = await request(app).get('/api/status');
      expect([fixed.body.ok, fixed.body.statuses.adversarial.state]).toEqual([true, 'missing']);
    } finally {
      await remove();
      await other.remove();
    }
  });

  it('/readyz is ready while Redis answers, 503 once it is gone; /api/status still serves files', async () => {
    const own = await startRedis();
    const client = new Redis(own.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: () => null });
    client.on('error', () => undefined);
    const { dir, remove } = await tempDir('api-ready');
    try {
      if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
      const statusStore = createStatusStore({ statusDir: dir, run: 'ready', redis: client, logger });
      await statusStore.write('regression', bodyOf('regression'));
      const app = createApiApp({ statusStore, redis: client, run: 'ready', staleFactor: 2, staleAfterSeconds: 1800, logger });
      expect((await request(app).get('/readyz')).body).toEqual({ ready: true, redis: 'ok' });

      const ended = new Promise((resolve) => client.once('end', resolve));
      await own.stop();
      await ended;
      const notReady = await request(app).get('/readyz');
      expect(notReady.status).toBe(503);
      expect(notReady.body).toMatchObject({ ready: false, redis: 'unavailable', error: expect.any(String) });

      const status = await request(app).get('/api/status');
      expect(status.status).toBe(200);
      expect(status.body.statuses.regression).toMatchObject({ state: 'present', source: 'file' });
      expect(status.body.redis).toMatchObject({ configured: true, ok: false, error: expect.any(String) });
      expect(status.body.daemons['regression-monitor']).toEqual({ alive: false, heartbeat: null });
    } finally {
      await own.stop();
      await remove();
    }
  });
});
