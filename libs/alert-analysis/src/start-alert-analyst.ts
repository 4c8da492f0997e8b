import { redisLogFields, type FlywheelConfig } from '@flywheel/config';
import { JOB_NAMES, QUEUE_CLIENT_OPTIONS, redisNamespace } from '@flywheel/contracts';
import { createRedis, startDaemon, type DaemonSpec, type RunningDaemon } from '@flywheel/daemon-runtime';
import { createStatusStore, subscribeStatusUpdates, type StatusSubscription } from '@flywheel/status-store';
import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { raiseFromStatuses } from './raise-alerts.js';
import { WATCHED_STATUSES } from './transitions.js';

/**
 * alert-analyst as a daemon: the runtime's worker and heartbeat, woken by events rather than
 * polling: a status write of a watched file (pub/sub), a new entry on the alerts stream
 * (blocking XREAD), and once at start (the statuses as they are now). A watched status write
 * raises its alerts here at once, so they are recorded and listed even while the worker is
 * busy streaming an analysis from a slow backend; the pass then batches and analyses them.
 */
export function startAlertAnalyst(spec: DaemonSpec, config: FlywheelConfig, logger: Logger, options: { blockMs?: number } = {}): RunningDaemon {
  const daemon = startDaemon(spec, config, logger);
  const ns = redisNamespace(config.run);
  const blockMs = options.blockMs ?? 1000;
  const commands = createRedis(config.redis, 'daemon');
  const reader = createRedis(config.redis, 'daemon');
  for (const client of [commands, reader]) client.on('error', (error) => logger.warn(redisLogFields(error), 'alert waker: redis error'));
  // A client of the daemon's own queue: opening it without QUEUE_CLIENT_OPTIONS would rewrite the
  // queue's meta with BullMQ's default events cap, over the runtime's queue.eventsMaxLength.
  const queue = new Queue(spec.name, { connection: commands, prefix: ns.queuePrefix, ...QUEUE_CLIENT_OPTIONS });
  queue.on('error', (error) => logger.warn({ err: error }, 'alert waker: queue error'));
  let stopped = false;
  let wakeTimer: NodeJS.Timeout | undefined;
  let subscription: StatusSubscription | undefined;
  const statusStore = createStatusStore({ statusDir: config.paths.statusDir, run: config.run, redis: commands, logger });
  const raiseNow = async (why: string) => {
    const errors: { source: string; message: string }[] = [];
    try {
      await raiseFromStatuses({ redis: commands, run: config.run, statusStore, severities: config.alerts.severities, settings: config.alerts, logger }, new Date(), errors);
    } catch (error) {
      // The pass raises too: a failure here only delays the alert to the next pass.
      logger.warn({ err: error, why }, 'alert waker: could not raise alerts');
    }
    for (const problem of errors) logger.warn({ problem, why }, 'alert waker: status unreadable');
  };

  // Bursts (several status writes, a burst of alerts) coalesce into one job; a job id per wake
  // so a wake during a running pass is not lost to BullMQ's id deduplication.
  const wake = (why: string) => {
    if (stopped || wakeTimer) return;
    wakeTimer = setTimeout(() => {
      wakeTimer = undefined;
      queue
        .add(JOB_NAMES.tick, { kind: 'tick' }, { jobId: `wake-${Date.now()}`, attempts: 1, removeOnComplete: true, removeOnFail: true })
        .catch((error: unknown) => logger.warn({ err: error, why }, 'alert waker: could not queue a pass'));
    }, 100);
  };

  const watched = new Set<string>(WATCHED_STATUSES);
  const streamLoop = (async () => {
    let seen: string | null = null;
    while (!stopped) {
      try {
        seen ??= ((await commands.xrevrange(ns.alerts, '+', '-', 'COUNT', 1)) as [string, string[]][])[0]?.[0] ?? '0-0';
        const reply = (await reader.xread('COUNT', 1000, 'BLOCK', blockMs, 'STREAMS', ns.alerts, seen)) as [string, [string, string[]][]][] | null;
        const last = reply?.[0]?.[1].at(-1)?.[0];
        if (last) {
          seen = last;
          wake('alert');
        }
      } catch (error) {
        if (stopped) break;
        logger.warn({ err: error }, 'alert waker: read failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, blockMs));
      }
    }
  })();

  const ready = (async () => {
    await daemon.ready;
    subscription = await subscribeStatusUpdates(commands, ns, (update) => {
      if (!watched.has(update.id)) return;
      void raiseNow(`status ${update.file}`).then(() => wake(`status ${update.file}`));
    }, logger);
    await raiseNow('start');
    wake('start');
  })();

  let stopping: Promise<void> | undefined;
  return {
    ready,
    stop: () =>
      (stopping ??= (async () => {
        stopped = true;
        clearTimeout(wakeTimer);
        await ready.catch(() => undefined);
        await subscription?.close();
        reader.disconnect();
        await streamLoop.catch(() => undefined);
        await queue.close();
        await commands.quit().catch(() => commands.disconnect());
        await daemon.stop();
      })()),
  };
}
