import { redisLogFields, type FlywheelConfig } from '@flywheel/config';
import { DEFAULT_JOB_OPTIONS, finishedJobRetention, JOB_NAMES, queueEventsRetention, redisNamespace } from '@flywheel/contracts';
import { watchCheckpoints } from '@flywheel/checkpoints';
import { createStatusStore } from '@flywheel/status-store';
import { Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { DaemonSpec } from './daemon-types.js';
import { EventBus } from './event-bus.js';
import { HeartbeatPublisher } from './heartbeat.js';
import { jobRunner } from './process-job.js';
import { createRedis } from './redis-connection.js';

/** Interval used by `--continuous` without `--interval`: the seed daemons' usual 5 minutes. */
export const DEFAULT_CONTINUOUS_INTERVAL_SECONDS = 300;

export interface RunningDaemon {
  /** Resolves once the worker, the scheduler and the checkpoint watcher are up. */
  ready: Promise<void>;
  /** Graceful stop: the active job finishes, then everything closes in order. Idempotent. */
  stop(): Promise<void>;
}

/** Seconds between scheduled runs, or null for a daemon that only reacts to events. */
export function scheduleSeconds(config: FlywheelConfig): number | null {
  return config.interval ?? (config.continuous ? DEFAULT_CONTINUOUS_INTERVAL_SECONDS : null);
}

/**
 * Starts a daemon: its BullMQ worker on the run's queue, its job scheduler for the interval,
 * its event subscriptions, the local checkpoint watcher (when it subscribes to checkpoints
 * and `checkpoints.announce` is "local") and its heartbeat.
 */
export function startDaemon(spec: DaemonSpec, config: FlywheelConfig, logger: Logger): RunningDaemon {
  const ns = redisNamespace(config.run);
  const redis = createRedis(config.redis, 'daemon');
  redis.on('error', (error) => logger.warn(redisLogFields(error), 'redis connection error'));
  const statusStore = createStatusStore({ statusDir: config.paths.statusDir, run: config.run, redis, logger });
  const bus = new EventBus(redis, ns);
  const intervalSeconds = scheduleSeconds(config);
  const heartbeat = new HeartbeatPublisher(
    redis,
    ns,
    { daemon: spec.name, run: config.run, intervalSeconds },
    config.heartbeatSeconds,
    logger,
  );
  const queue = new Queue(spec.name, { connection: redis, prefix: ns.queuePrefix, ...queueEventsRetention(config.queue) });
  queue.on('error', (error) => logger.warn(redisLogFields(error), 'queue error'));
  let worker: Worker | undefined;
  let watcher: { close(): Promise<void> } | undefined;
  let sidecar: { close(force: boolean): Promise<void> } | undefined;

  const ready = (async () => {
    for (const event of spec.subscribe ?? []) await bus.subscribe(event, spec.name);
    if (intervalSeconds !== null) {
      await queue.upsertJobScheduler(
        'interval',
        { every: intervalSeconds * 1000 },
        { name: JOB_NAMES.tick, data: { kind: 'tick' }, opts: { ...DEFAULT_JOB_OPTIONS, attempts: 1 } },
      );
    } else {
      await queue.removeJobScheduler('interval');
    }
    // Before the worker: its first job may need what the sidecar offers (the evaluator's shards).
    sidecar = await spec.sidecar?.({ config, redis, logger });
    worker = new Worker(
      spec.name,
      jobRunner({
        processor: spec.processor,
        baseContext: { config, statusStore, redis, now: () => new Date() },
        logger,
        heartbeat,
        holdJobMs: config.debug.holdJobMs,
        waitingJobs: spec.readsNewestState ? () => queue.getWaitingCount() : undefined,
      }),
      {
        connection: redis,
        prefix: ns.queuePrefix,
        concurrency: 1,
        lockDuration: config.queue.lockDurationMs,
        stalledInterval: config.queue.stalledIntervalMs,
        maxStalledCount: config.queue.maxStalledCount,
        ...finishedJobRetention(config.queue),
      },
    );
    worker.on('error', (error) => logger.error(redisLogFields(error), 'worker error'));
    worker.on('stalled', (jobId) => logger.warn({ jobId }, 'job stalled (its worker died): it runs again'));
    heartbeat.start();
    if (spec.subscribe?.includes('checkpoint.ready') && config.checkpoints.announce === 'local') {
      const local = watchCheckpoints(config.paths.checkpointsDir, {
        settleMs: config.checkpoints.settleSeconds * 1000,
        logger,
        onReady: (checkpoint) => {
          bus
            .announce('checkpoint.ready', checkpoint.name, {
              kind: 'checkpoint.ready',
              checkpoint: checkpoint.name,
              step: checkpoint.step,
              path: checkpoint.path,
              announcedAt: new Date().toISOString(),
              source: 'local-watch',
            })
            .then((fresh) => fresh && logger.info({ checkpoint: checkpoint.name }, 'checkpoint announced'))
            .catch((error: unknown) => logger.error({ err: error, checkpoint: checkpoint.name }, 'announce failed'));
        },
        onProblem: (problem) => logger.warn({ problem }, 'checkpoint not usable'),
      });
      watcher = local;
      await local.ready;
    }
    logger.info(
      { run: config.run, intervalSeconds, subscribe: spec.subscribe ?? [], statusDir: config.paths.statusDir },
      'daemon started',
    );
  })();

  const graceful = async () => {
    await ready.catch(() => undefined);
    heartbeat.update('stopping');
    // Order matters: stop producing work, let the active job finish, then drop connections.
    await watcher?.close();
    // The active job may wait on the sidecar's work (a coordinator on its shards): worker first.
    await worker?.close();
    await sidecar?.close(false);
    await heartbeat.stop();
    await bus.close();
    await queue.close();
    await redis.quit().catch(() => redis.disconnect());
  };
  // With Redis gone every close waits for a reconnect that never comes: past the timeout the
  // worker closes without waiting for its job (its lock expires and another worker retries it).
  const forced = async () => {
    await Promise.race([
      Promise.allSettled([watcher?.close(), sidecar?.close(true), worker?.close(true), bus.close(), queue.close()]),
      new Promise((r) => setTimeout(r, 1_000).unref()),
    ]);
    redis.disconnect();
  };
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const timeoutSeconds = config.shutdown.timeoutSeconds;
      const outcome = await withTimeout(graceful().catch((error: unknown) => logger.error({ err: error }, 'stop failed')), timeoutSeconds * 1000);
      if (outcome === 'timed-out') {
        logger.warn({ timeoutSeconds, redis: redis.status }, 'stop did not finish in time (is Redis answering?): closing the worker and connections with force');
        await forced();
        logger.warn('daemon stopped with force');
        return;
      }
      logger.info('daemon stopped');
    })());
  return { ready, stop };
}

/** 'done' once `work` resolves, or 'timed-out' after `ms`. */
async function withTimeout(work: Promise<unknown>, ms: number): Promise<'done' | 'timed-out'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timed-out'>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), ms);
  });
  try {
    return await Promise.race([work.then(() => 'done' as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
