import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@flywheel/config';
import { DEFAULT_JOB_OPTIONS, QUEUE_CLIENT_OPTIONS, Heartbeat, redisNamespace, type DaemonJob } from '@flywheel/contracts';
import { createLogger } from '@flywheel/logging';
import { writeSimulatedCheckpoint } from '@flywheel/simulation';
import { redisPerFile, tempDir, waitFor } from '@flywheel/testing';
import { Queue } from 'bullmq';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DaemonSpec } from './daemon-types.js';
import { EventBus } from './event-bus.js';
import { startDaemon } from './start-daemon.js';

const redis = redisPerFile();

function configFor(dir: string, run: string, extra: string[] = []) {
  return loadConfig({
    argv: ['--base-dir', dir, '--redis-url', redis.server.url, '--run', run, '--set', 'checkpoints.settleSeconds=0.2',
      '--set', 'heartbeatSeconds=0.5', ...extra],
    env: {},
    cwd: dir,
  });
}

const checkpoint = (step: number) => ({ step, evalLoss: 0.5, trainLoss: [], epoch: 1, maxSteps: 1000 });

describe('startDaemon', () => {
  it('runs interval ticks and each checkpoint event once, beats, and stops cleanly', async () => {
    const { dir, remove } = await tempDir('runtime');
    const jobs: DaemonJob[] = [];
    const spec: DaemonSpec = {
      name: 'regression-monitor',
      subscribe: ['checkpoint.ready'],
      processor: async (job, context) => {
        jobs.push(job);
        await context.statusStore.write('regression', {
          regression_detected: false, checkpoint: null, baseline_loss: null, current_loss: null,
          increase_percent: null, alert_level: 'none', baseline_checkpoint: null, threshold_percent: 15,
          critical_percent: 25, errors: [],
          evidence: { checkpoints: [], method: 'insufficient_data', examples: null, interval_percent: null, p_value: null, reason: `job ${jobs.length}` },
        });
      },
    };
    const config = configFor(dir, 'runtime-a', ['--interval', '1']);
    const logger = createLogger({ name: 'regression-monitor', logsDir: config.paths.logsDir, level: 'warn', pretty: false });
    await writeSimulatedCheckpoint(config.paths.checkpointsDir, checkpoint(100));
    const daemon = startDaemon(spec, config, logger);
    const ns = redisNamespace('runtime-a');
    try {
      await daemon.ready;
      // The checkpoint already on disk is announced once; ticks keep coming every second.
      await waitFor(() => jobs.some((j) => j.kind === 'checkpoint.ready') && jobs.filter((j) => j.kind === 'tick').length >= 2, {
        what: 'a checkpoint job and two ticks',
      });
      await writeSimulatedCheckpoint(config.paths.checkpointsDir, checkpoint(200));
      await waitFor(() => jobs.some((j) => j.kind === 'checkpoint.ready' && j.checkpoint === 'checkpoint-200'), {
        what: 'the new checkpoint job',
      });
      const beat = Heartbeat.parse(JSON.parse((await redis.client.get(ns.heartbeat('regression-monitor')))!));
      expect(beat).toMatchObject({ daemon: 'regression-monitor', run: 'runtime-a', intervalSeconds: 1, pid: process.pid });
      expect(await redis.client.ttl(ns.heartbeat('regression-monitor'))).toBeGreaterThan(0);
      const status = JSON.parse(await readFile(path.join(config.paths.statusDir, 'regression_monitoring.json'), 'utf8'));
      expect(status.schema_version).toBe(1);
      expect(await redis.client.get(ns.status('regression_monitoring.json'))).not.toBeNull();
    } finally {
      await daemon.stop();
      await remove();
    }
    const events = jobs.filter((j) => j.kind === 'checkpoint.ready').map((j) => (j as { checkpoint: string }).checkpoint);
    expect(events.sort()).toEqual(['checkpoint-100', 'checkpoint-200']);
    expect(await redis.client.exists(ns.heartbeat('regression-monitor'))).toBe(0);
  });

  it('keeps two runs apart on one Redis', async () => {
    const a = await tempDir('run-a');
    const b = await tempDir('run-b');
    const seen: Record<string, string[]> = { a: [], b: [] };
    const spec = (run: 'a' | 'b'): DaemonSpec => ({
      name: 'regression-monitor',
      subscribe: ['checkpoint.ready'],
      processor: async (job) => {
        if (job.kind === 'checkpoint.ready') seen[run]!.push(job.checkpoint);
      },
    });
    const configA = configFor(a.dir, 'iso-a', ['--continuous']);
    const configB = configFor(b.dir, 'iso-b', ['--continuous']);
    const logger = createLogger({ name: 'regression-monitor', logsDir: configA.paths.logsDir, level: 'warn', pretty: false });
    await writeSimulatedCheckpoint(configA.paths.checkpointsDir, checkpoint(10));
    await writeSimulatedCheckpoint(configB.paths.checkpointsDir, checkpoint(20));
    const daemonA = startDaemon(spec('a'), configA, logger);
    const daemonB = startDaemon(spec('b'), configB, logger);
    try {
      await Promise.all([daemonA.ready, daemonB.ready]);
      await waitFor(() => seen.a!.length > 0 && seen.b!.length > 0, { what: 'both runs to get their checkpoint' });
      expect(seen).toEqual({ a: ['checkpoint-10'], b: ['checkpoint-20'] });
      const queueA = new Queue('regression-monitor', { connection: redis.client, prefix: redisNamespace('iso-a').queuePrefix });
      expect((await queueA.getJobs(['completed'])).map((j) => j.data.checkpoint).filter(Boolean)).toEqual(['checkpoint-10']);
      await queueA.close();
    } finally {
      await Promise.all([daemonA.stop(), daemonB.stop()]);
      await a.remove();
      await b.remove();
    }
  });

  it('keeps the last queue.keepCompletedJobs completed and queue.keepFailedJobs failed jobs, whatever the job options', async () => {
    const { dir, remove } = await tempDir('retention');
    let done = 0;
    const spec: DaemonSpec = {
      name: 'regression-monitor',
      processor: async (job) => {
        done++;
        if (job.kind === 'manual' && job.requestedBy.startsWith('fail')) throw new Error('failing on purpose');
      },
    };
    const config = configFor(dir, 'retention', ['--set', 'queue.keepCompletedJobs=10', '--set', 'queue.keepFailedJobs=12']);
    const logger = createLogger({ name: 'regression-monitor', logsDir: config.paths.logsDir, level: 'fatal', pretty: false });
    const daemon = startDaemon(spec, config, logger);
    const queue = new Queue('regression-monitor', { connection: redis.client, prefix: redisNamespace('retention').queuePrefix });
    try {
      await daemon.ready;
      // Added as every caller adds them (DEFAULT_JOB_OPTIONS), one attempt so a failure is final.
      for (let i = 0; i < 15; i++) await queue.add('manual.run', { kind: 'manual', requestedBy: `ok-${i}` }, { ...DEFAULT_JOB_OPTIONS, jobId: `ok-${i}` });
      for (let i = 0; i < 14; i++) await queue.add('manual.run', { kind: 'manual', requestedBy: `fail-${i}` }, { ...DEFAULT_JOB_OPTIONS, attempts: 1, jobId: `fail-${i}` });
      await waitFor(() => done === 29 || undefined, { what: '29 jobs processed' });
      await waitFor(async () => (await queue.getFailedCount()) === 12 || undefined, { what: '12 failed jobs kept' });
      // The newest ones stay: ok-5 … ok-14 and fail-2 … fail-13.
      expect((await queue.getJobs(['completed'])).map((j) => j.id).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `ok-${i + 5}`).sort());
      expect((await queue.getJobs(['failed'])).map((j) => j.id).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `fail-${i + 2}`).sort());
    } finally {
      await queue.close();
      await daemon.stop();
      await remove();
    }
  });

  it("caps the queue's BullMQ events stream at queue.eventsMaxLength, and another Queue opened as a client leaves the cap alone", async () => {
    const { dir, remove } = await tempDir('events-cap');
    let done = 0;
    const spec: DaemonSpec = { name: 'model-comparison', processor: async () => void done++ };
    const config = configFor(dir, 'eventscap', ['--set', 'queue.eventsMaxLength=100']);
    const logger = createLogger({ name: 'model-comparison', logsDir: config.paths.logsDir, level: 'fatal', pretty: false });
    const ns = redisNamespace('eventscap');
    const daemon = startDaemon(spec, config, logger);
    // Opened after the daemon, as the API and the producers open theirs: without
    // QUEUE_CLIENT_OPTIONS it would write BullMQ's default cap (10000) over the daemon's.
    let client: Queue | undefined;
    try {
      await daemon.ready;
      client = new Queue('model-comparison', { connection: redis.client, prefix: ns.queuePrefix, ...QUEUE_CLIENT_OPTIONS });
      await client.waitUntilReady();
      const metaKey = `${ns.queuePrefix}:model-comparison:meta`;
      expect(await redis.client.hget(metaKey, 'opts.maxLenEvents')).toBe('100');
      for (let i = 0; i < 400; i++) await client.add('manual.run', { kind: 'manual', requestedBy: `r-${i}` }, { ...DEFAULT_JOB_OPTIONS, jobId: `r-${i}` });
      await waitFor(() => done === 400 || undefined, { what: '400 jobs processed', timeoutMs: 60_000 });
      // Each job adds several events (added, waiting, active, completed...): 400 jobs write well
      // over 1000. MAXLEN ~ trims whole stream nodes (100 entries each), so allow one node more.
      const length = await redis.client.xlen(`${ns.queuePrefix}:model-comparison:events`);
      expect(length).toBeLessThanOrEqual(200);
      expect(await redis.client.hget(metaKey, 'opts.maxLenEvents')).toBe('100');
    } finally {
      await client?.close();
      await daemon.stop();
      await remove();
    }
  });
  describe('hostile input: a daemon slower than the checkpoints', () => {
    // Checkpoint 100's job is held while 200…500 are announced, so four jobs wait behind it.
    async function processedWhileBehind(run: string, readsNewestState: boolean) {
      const { dir, remove } = await tempDir(run);
      const processed: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const spec: DaemonSpec = {
        name: 'model-comparison',
        subscribe: ['checkpoint.ready'],
        readsNewestState,
        processor: async (job) => {
          if (job.kind !== 'checkpoint.ready') return;
          processed.push(job.checkpoint);
          if (job.checkpoint === 'checkpoint-100') await held;
        },
      };
      const config = configFor(dir, run);
      const logger = createLogger({ name: 'model-comparison', logsDir: config.paths.logsDir, level: 'fatal', pretty: false });
      const ns = redisNamespace(run);
      const daemon = startDaemon(spec, config, logger);
      const bus = new EventBus(redis.client, ns);
      const queue = new Queue('model-comparison', { connection: redis.client, prefix: ns.queuePrefix, ...QUEUE_CLIENT_OPTIONS });
      const announce = (step: number) =>
        bus.announce('checkpoint.ready', `checkpoint-${step}`, {
          kind: 'checkpoint.ready', checkpoint: `checkpoint-${step}`, step, path: path.join(dir, `checkpoint-${step}`),
          announcedAt: new Date(0).toISOString(), source: 'local-watch',
        });
      try {
        await daemon.ready;
        await announce(100);
        await waitFor(() => processed.length === 1 || undefined, { what: 'checkpoint-100 started' });
        for (const step of [200, 300, 400, 500]) await announce(step);
        const waitingBehind = await queue.getWaitingCount();
        release();
        await waitFor(async () => (await queue.getCompletedCount()) === 5 || undefined, { what: 'all five jobs finished' });
        return { processed, waitingBehind };
      } finally {
        release();
        await bus.close();
        await queue.close();
        await daemon.stop();
        await remove();
      }
    }

    it('skips the checkpoint jobs a waiting job covers when it reads the newest state, and leaves no backlog', async () => {
      const { processed, waitingBehind } = await processedWhileBehind('behind-newest', true);
      expect(waitingBehind).toBe(4);
      // 200, 300 and 400 each start with a job behind them; 500 is the last and runs.
      expect(processed).toEqual(['checkpoint-100', 'checkpoint-500']);
    });

    it('runs every checkpoint job of a daemon that works on its job\'s checkpoint', async () => {
      const { processed, waitingBehind } = await processedWhileBehind('behind-each', false);
      expect(waitingBehind).toBe(4);
      expect(processed).toEqual(['checkpoint-100', 'checkpoint-200', 'checkpoint-300', 'checkpoint-400', 'checkpoint-500']);
    });
  });
});
