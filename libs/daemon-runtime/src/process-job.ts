import { DaemonJob } from '@flywheel/contracts';
import { UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { DaemonContext, DaemonProcessor } from './daemon-types.js';
import type { HeartbeatPublisher } from './heartbeat.js';

export interface JobRunnerDeps {
  processor: DaemonProcessor;
  baseContext: Omit<DaemonContext, 'logger' | 'jobId'>;
  logger: Logger;
  heartbeat: HeartbeatPublisher | null;
  holdJobMs: number;
}

/**
 * Wraps a processor for BullMQ: parses the payload against the contract (a payload that does
 * not parse will never parse, so it fails without retries), logs start and end with the
 * duration, and keeps the heartbeat's state and last job current.
 */
export function jobRunner(deps: JobRunnerDeps) {
  return async (job: Job): Promise<void> => {
    const parsed = DaemonJob.safeParse(job.data);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new UnrecoverableError(`job ${job.id} (${job.name}) has an invalid payload: ${detail}`);
    }
    await runJob(parsed.data, job.id ?? 'unknown', deps);
  };
}

/** Runs one job through the processor; shared by the worker and by `--once`. */
export async function runJob(job: DaemonJob, jobId: string, deps: JobRunnerDeps): Promise<void> {
  const logger = deps.logger.child({ jobId, kind: job.kind });
  deps.heartbeat?.update('busy');
  const started = Date.now();
  logger.info('job started');
  try {
    if (deps.holdJobMs > 0) await new Promise((r) => setTimeout(r, deps.holdJobMs));
    await deps.processor(job, { ...deps.baseContext, logger, jobId });
    logger.info({ durationMs: Date.now() - started }, 'job finished');
    deps.heartbeat?.update('idle', { id: jobId, kind: job.kind, finishedAt: new Date().toISOString(), ok: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.error({ err: error, durationMs: Date.now() - started }, 'job failed');
    deps.heartbeat?.update('idle', {
      id: jobId,
      kind: job.kind,
      finishedAt: new Date().toISOString(),
      ok: false,
      error: message,
    });
    throw error;
  }
}
