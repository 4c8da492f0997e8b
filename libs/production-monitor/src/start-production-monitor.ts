import type { FlywheelConfig } from '@flywheel/config';
import { startDaemon, type DaemonSpec, type RunningDaemon } from '@flywheel/daemon-runtime';
import type { Logger } from 'pino';
import { startStreamWaker } from './stream-waker.js';

/**
 * production-monitor as a daemon: the runtime's worker, interval ticks and heartbeat, plus the
 * stream waker that queues a pass as soon as gateway events or feedback arrive.
 */
export function startProductionMonitor(spec: DaemonSpec, config: FlywheelConfig, logger: Logger): RunningDaemon {
  const daemon = startDaemon(spec, config, logger);
  const waker = startStreamWaker({ redisUrl: config.redis.url, redisTlsCaFile: config.redis.tlsCaFile, run: config.run, queueName: spec.name, logger });
  let stopping: Promise<void> | undefined;
  return {
    ready: daemon.ready,
    stop: () =>
      (stopping ??= (async () => {
        await waker.stop();
        await daemon.stop();
      })()),
  };
}
