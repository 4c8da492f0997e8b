import { redisLogFields } from '@flywheel/config';
import { DAEMON_NAMES, type DaemonName, QUEUE_CLIENT_OPTIONS, redisNamespace } from '@flywheel/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** The run's BullMQ queue of every daemon (queue name = daemon name), on the API's Redis. */
export interface DaemonQueues {
  get(daemon: DaemonName): Queue;
  all(): ReadonlyArray<readonly [DaemonName, Queue]>;
  close(): Promise<void>;
}

/**
 * One `Queue` per daemon, made once and shared by `POST /api/daemons/:daemon/run`, `/metrics`
 * and bull-board. They use the API's own connection (a producer needs no blocking one).
 */
export function createDaemonQueues(redis: Redis, run: string, logger: Logger): DaemonQueues {
  const prefix = redisNamespace(run).queuePrefix;
  const queues = DAEMON_NAMES.map((daemon) => {
    const queue = new Queue(daemon, { connection: redis, prefix, ...QUEUE_CLIENT_OPTIONS });
    queue.on('error', (error) => logger.warn({ ...redisLogFields(error), queue: daemon }, 'queue error'));
    return [daemon, queue] as const;
  });
  const byName = new Map<DaemonName, Queue>(queues);
  return {
    get: (daemon) => byName.get(daemon)!,
    all: () => queues,
    close: async () => {
      await Promise.all(queues.map(([, queue]) => queue.close()));
    },
  };
}
