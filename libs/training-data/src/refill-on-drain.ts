import { redisClientOptions, redisLogFields, type FlywheelConfig } from '@flywheel/config';
import { type DaemonJob, DEFAULT_JOB_OPTIONS, JOB_NAMES, QUEUE_CLIENT_OPTIONS, redisNamespace } from '@flywheel/contracts';
import { Queue } from 'bullmq';
import { watch } from 'chokidar';
import { Redis } from 'ioredis';
import path from 'node:path';
import type { Logger } from 'pino';

/**
 * Watches `queue/normal/` (no polling) and queues a data-generation pass as soon as a file
 * leaves it, so the queue is refilled within moments rather than at the next safety sweep.
 */
export async function refillOnDrain(config: FlywheelConfig, logger: Logger): Promise<{ close(): Promise<void> }> {
  const connection = new Redis(config.redis.url, { ...redisClientOptions(config.redis), maxRetriesPerRequest: null });
  connection.on('error', (error) => logger.warn(redisLogFields(error), 'redis error (queue watcher)'));
  const queue = new Queue('data-generation', { connection, prefix: redisNamespace(config.run).queuePrefix, ...QUEUE_CLIENT_OPTIONS });
  const watcher = watch(path.join(config.paths.queueDir, 'normal'), { ignoreInitial: true, depth: 0 });
  watcher.on('unlink', (file) => {
    if (!file.endsWith('.jsonl')) return;
    const job: DaemonJob = { kind: 'manual', requestedBy: 'queue watcher' };
    // One pass per removal burst: jobs added within the same 250 ms share an id.
    queue
      .add(JOB_NAMES.manual, job, { ...DEFAULT_JOB_OPTIONS, attempts: 1, jobId: `drain-${Math.floor(Date.now() / 250)}` })
      .catch((error: unknown) => logger.warn({ err: error }, 'could not queue a generation pass'));
  });
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    async close() {
      await watcher.close();
      await queue.close();
      connection.disconnect();
    },
  };
}
