import { redisLogFields, type FlywheelConfig } from '@flywheel/config';
import { createStatusStore } from '@flywheel/status-store';
import type { Logger } from 'pino';
import type { DaemonSpec } from './daemon-types.js';
import { runJob } from './process-job.js';
import { createRedis } from './redis-connection.js';

/**
 * The seed's "manual run": the processor once, in this process, no scheduler and no worker.
 * Redis is used only to publish the status when it is reachable. Resolves to the exit code.
 */
export async function runOnce(spec: DaemonSpec, config: FlywheelConfig, logger: Logger): Promise<number> {
  const candidate = createRedis(config.redis, 'once');
  // The 'error' event carries the cause (WRONGPASS, a certificate not trusted); connect() may only say "Connection is closed".
  const seen: { cause: unknown } = { cause: undefined };
  candidate.on('error', (error) => (seen.cause ??= error));
  const redis = await candidate.connect().then(
    () => candidate,
    (error: unknown) => {
      const cause = seen.cause ?? error;
      logger.warn(redisLogFields(cause), 'redis unreachable: the status file is written but not published');
      candidate.disconnect();
      return null;
    },
  );
  const statusStore = createStatusStore({ statusDir: config.paths.statusDir, run: config.run, redis: redis ?? undefined, logger });
  try {
    await runJob({ kind: 'manual', requestedBy: 'once' }, `once-${process.pid}`, {
      processor: spec.processor,
      baseContext: { config, statusStore, redis, now: () => new Date() },
      logger,
      heartbeat: null,
      holdJobMs: config.debug.holdJobMs,
    });
    return 0;
  } catch {
    return 1;
  } finally {
    await redis?.quit().catch(() => redis.disconnect());
  }
}
