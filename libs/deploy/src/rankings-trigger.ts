import { redisClientOptions, redisLogFields, type FlywheelConfig } from '@flywheel/config';
import { type DaemonJob, DEFAULT_JOB_OPTIONS, JOB_NAMES, QUEUE_CLIENT_OPTIONS, redisNamespace } from '@flywheel/contracts';
import { createStatusStore } from '@flywheel/status-store';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Queues a deploy pass whenever model-comparison publishes new rankings (the status store
 * announces every write on Redis), so a better checkpoint is promoted without waiting for the
 * interval. One job per rankings version: the job id carries its last_update.
 */
export async function deployOnRankings(config: FlywheelConfig, logger: Logger): Promise<{ close(): Promise<void> }> {
  const connection = new Redis(config.redis.url, { ...redisClientOptions(config.redis), maxRetriesPerRequest: null });
  connection.on('error', (error) => logger.warn(redisLogFields(error), 'redis error (rankings trigger)'));
  const queue = new Queue('checkpoint-auto-deploy', { connection, prefix: redisNamespace(config.run).queuePrefix, ...QUEUE_CLIENT_OPTIONS });
  const store = createStatusStore({ statusDir: config.paths.statusDir, run: config.run, redis: connection, logger });
  const subscription = await store.subscribe((update) => {
    if (update.id !== 'model_comparison') return;
    const job: DaemonJob = { kind: 'manual', requestedBy: 'model-comparison rankings' };
    queue
      .add(JOB_NAMES.manual, job, { ...DEFAULT_JOB_OPTIONS, attempts: 1, jobId: `rankings-${update.last_update.replace(/[^0-9TZ]/g, '')}` })
      .catch((error: unknown) => logger.warn({ err: error }, 'could not queue a deploy pass'));
  });
  return {
    async close() {
      await subscription.close();
      await queue.close();
      connection.disconnect();
    },
  };
}
