import type { FlywheelConfig } from '@flywheel/config';
import type { DaemonJob, DaemonName, EventName } from '@flywheel/contracts';
import type { StatusStore } from '@flywheel/status-store';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** What a processor gets besides its job. */
export interface DaemonContext {
  config: FlywheelConfig;
  /** A child logger bound to the job. */
  logger: Logger;
  statusStore: StatusStore;
  /** The run's Redis connection; null in a `--once` run that could not reach Redis. */
  redis: Redis | null;
  jobId: string;
  /** The clock every file name and time stamp of the job comes from (tests move it). */
  now: () => Date;
}

/**
 * A daemon's logic: one named function in a lib. Throw to have the job retried (with
 * backoff); throw BullMQ's `UnrecoverableError` for a failure that retrying cannot fix.
 */
export type DaemonProcessor = (job: DaemonJob, context: DaemonContext) => Promise<void>;

export interface DaemonSpec {
  name: DaemonName;
  processor: DaemonProcessor;
  /** Events whose jobs this daemon receives, besides its interval ticks. */
  subscribe?: readonly EventName[];
  /**
   * The processor works on the newest state (checkpoints on disk, evaluations, status files),
   * not on its job's checkpoint: a checkpoint or tick job that starts while another job waits
   * in the queue is skipped, since the waiting one will see all it would. A daemon slower than
   * the checkpoints then catches up instead of piling up a backlog in Redis.
   */
  readsNewestState?: boolean;
  /**
   * More workers of the daemon's own, started before its worker and closed after it (the
   * evaluator's shard worker). `force`: close without waiting for active jobs.
   */
  sidecar?: (context: { config: FlywheelConfig; redis: Redis; logger: Logger }) => Promise<{ close(force: boolean): Promise<void> }>;
}
