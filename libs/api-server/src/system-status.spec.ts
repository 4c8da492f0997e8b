import { describe, expect, it } from '@jest/globals';
import { DAEMON_NAMES, STATUS_FILES, type DaemonName, type Heartbeat } from '@flywheel/contracts';
import type { HeartbeatEntry, StatusRead } from '@flywheel/status-store';
import { tempDir } from '@flywheel/testing';
import { createStatusStore } from '@flywheel/status-store';
import { pino } from 'pino';
import request from 'supertest';
import { createApiApp } from './create-api-app.js';
import { definePlugin } from './plugin.js';
import { summarizeSystem } from './system-status.js';
import { bodyOf } from './status-bodies.fixture.js';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();
const present = (seconds: number): StatusRead => ({ state: 'present', data: {} as never, source: 'file', lastUpdate: ago(seconds) });
const beat = (daemon: DaemonName, intervalSeconds: number | null): Heartbeat => ({
  daemon, run: 'r', pid: 1, host: 'h', startedAt: ago(3600), beatAt: ago(1), intervalSeconds, state: 'idle', lastJob: null,
});
const noHeartbeats = () => Object.fromEntries(DAEMON_NAMES.map((d) => [d, { state: 'absent' }])) as Record<DaemonName, HeartbeatEntry>;

const regression = definePlugin({ name: 'regression', route: '/api/regression', statusId: 'regression' });
const training = definePlugin({ name: 'training', route: '/api/training', statusId: 'training' });

describe('summarizeSystem', () => {
  it('uses staleFactor × the writer’s heartbeat interval, else staleAfterSeconds', () => {
    const heartbeats = { ...noHeartbeats(), 'regression-monitor': { state: 'alive' as const, heartbeat: beat('regression-monitor', 30) } };
    const at = (regressionAge: number, trainingAge: number) =>
      summarizeSystem({
        run: 'r', now: NOW, staleFactor: 3, staleAfterSeconds: 600, plugins: [regression, training],
        reads: { regression: present(regressionAge), training: present(trainingAge) },
        heartbeats, redis: { configured: true, ok: true },
      }).statuses;
    // regression: 3 × 30 s = 90 s. training has no writer daemon: 600 s.
    expect(at(90, 600)).toMatchObject({
      regression: { state: 'present', age_seconds: 90, stale_after_seconds: 90, writer: 'regression-monitor' },
      training: { state: 'present', age_seconds: 600, stale_after_seconds: 600, writer: null },
    });
    expect(at(90.5, 600.5)).toMatchObject({ regression: { state: 'stale', age_seconds: 90.5 }, training: { state: 'stale', age_seconds: 600.5 } });
  });

  it('falls back to staleAfterSeconds when the writer is event-driven, gone, or Redis is unknown', () => {
    const summary = (heartbeats: Record<DaemonName, HeartbeatEntry> | null) =>
      summarizeSystem({
        run: 'r', now: NOW, staleFactor: 3, staleAfterSeconds: 600, plugins: [regression],
        reads: { regression: present(120) }, heartbeats, redis: { configured: false, ok: false },
      }).statuses.regression;
    const eventDriven = { ...noHeartbeats(), 'regression-monitor': { state: 'alive' as const, heartbeat: beat('regression-monitor', null) } };
    const broken = { ...noHeartbeats(), 'regression-monitor': { state: 'invalid' as const, error: 'bad' } };
    for (const heartbeats of [eventDriven, broken, noHeartbeats(), null]) {
      expect(summary(heartbeats)).toMatchObject({ state: 'present', stale_after_seconds: 600 });
    }
  });

  it('is ok unless a status is in error; missing and stale are not errors', () => {
    const base = { run: 'r', now: NOW, staleFactor: 2, staleAfterSeconds: 10, plugins: [regression, training], heartbeats: null, redis: { configured: false, ok: false } };
    const stale = summarizeSystem({ ...base, reads: { regression: present(11), training: { state: 'missing', file: 'f' } } });
    expect([stale.ok, stale.statuses.regression!.state, stale.statuses.training!.state]).toEqual([true, 'stale', 'missing']);
    const broken = summarizeSystem({ ...base, reads: { regression: { state: 'error', error: 'regression_monitoring.json: x: bad' } } });
    expect(broken.ok).toBe(false);
    expect(broken.statuses.regression).toEqual({
      route: '/api/regression', file: 'regression_monitoring.json', state: 'error', last_update: null, age_seconds: null,
      stale_after_seconds: 10, writer: 'regression-monitor', error: 'regression_monitoring.json: x: bad',
    });
    expect(broken.generated_at).toBe('2026-06-01T12:00:00.000Z');
  });
});

describe('GET /api/status without Redis', () => {
  it('summarises the files on disk; daemons are not alive and Redis shows as not configured', async () => {
    const { dir, remove } = await tempDir('api-status');
    try {
      const logger = pino({ level: 'silent' });
      await createStatusStore({ statusDir: dir, run: 'solo', logger, now: () => new Date(NOW.getTime() - 1900_000) }).write('regression', bodyOf('regression'));
      const app = createApiApp({
        statusStore: createStatusStore({ statusDir: dir, run: 'solo', logger }),
        run: 'solo', staleFactor: 2, staleAfterSeconds: 1800, logger, now: () => NOW,
      });
      const res = await request(app).get('/api/status');
      expect(res.status).toBe(200);
      expect(res.body.statuses.regression).toMatchObject({ state: 'stale', age_seconds: 1900, stale_after_seconds: 1800, source: 'file' });
      expect(Object.values(res.body.statuses).filter((s) => (s as { state: string }).state === 'missing')).toHaveLength(Object.keys(STATUS_FILES).length - 1);
      expect(res.body.ok).toBe(true);
      expect(res.body.redis).toEqual({ configured: false, ok: false });
      expect(res.body.daemons['regression-monitor']).toEqual({ alive: false, heartbeat: null });
      expect(Object.keys(res.body.daemons)).toEqual([...DAEMON_NAMES]);
    } finally {
      await remove();
    }
  });
});
