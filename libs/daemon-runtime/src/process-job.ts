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
  /** Jobs waiting behind this one; set for a `readsNewestState` daemon (see DaemonSpec). */
  waitingJobs?: () => Promise<number>;
}

/** The job kinds a later job of a `readsNewestState` daemon covers: not a user's manual run. */
const SUPERSEDABLE_KINDS: ReadonlySet<DaemonJob['kind']> = new Set(['checkpoint.ready', 'tick']);

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
    if (deps.waitingJobs && SUPERSEDABLE_KINDS.has(parsed.data.kind)) {
      const waiting = await deps.waitingJobs();
      if (waiting > 0) {
        const trigger = parsed.data.kind === 'checkpoint.ready' ? parsed.data.checkpoint : parsed.data.kind;
        deps.logger.info({ jobId: job.id, kind: parsed.data.kind, trigger, waiting }, 'job skipped: a job waiting behind it will see the newer state');
        return;
      }
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
