import { jsonlRotation, type FlywheelConfig } from '@flywheel/config';
import { type DaemonJob, JOB_NAMES, QUEUE_CLIENT_OPTIONS, redisNamespace } from '@flywheel/contracts';
import type { DaemonContext, DaemonSpec } from '@flywheel/daemon-runtime';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { analysisSettings } from './analysis-settings.js';
import { analystPass, type PassDeps } from './analyst-pass.js';

export const ALERT_ANALYST = 'alert-analyst';

/** The pass's dependencies from the daemon's config and context. */
export function passDeps(config: FlywheelConfig, context: Pick<DaemonContext, 'statusStore' | 'logger' | 'now'>, redis: Redis): PassDeps {
  return {
    redis,
    run: config.run,
    statusStore: context.statusStore,
    settings: analysisSettings(config),
    evidence: { ...config.alerts.evidence, redact: config.safety.redact },
    logger: context.logger,
    severities: config.alerts.severities,
    analyseSeverities: config.alerts.analyseSeverities,
    now: context.now,
    jsonlRotation: jsonlRotation(config),
  };
}

/**
 * alert-analyst's processor: one pass per job (status change, new alert, a batch window or a
 * retry falling due, a manual run). After each pass a delayed job is queued for the next time
 * something falls due, so nothing waits for an unrelated event.
 */
export function createAlertAnalyst(): DaemonSpec {
  let queue: Queue | null = null;

  async function processor(job: DaemonJob, context: DaemonContext): Promise<void> {
    const { config, logger, redis } = context;
    // Alerts, batches and the pending list live in Redis: without it there is nothing to do safely.
    if (!redis) throw new Error('alert-analyst needs Redis (the alerts stream and its state live there)');
    const outcome = await analystPass(passDeps(config, context, redis), { flush: job.kind === 'manual' });
    const summary = { trigger: job.kind, raised: outcome.raised, read: outcome.read, analyses: outcome.analyses, errors: outcome.errors.length };
    if (outcome.errors.length) logger.warn({ ...summary, first: outcome.errors[0] }, 'alert pass finished with problems');
    else logger.info(summary, 'alert pass finished');
    if (outcome.nextWakeAt !== null && job.kind !== 'manual') {
      queue ??= new Queue(ALERT_ANALYST, { connection: redis, prefix: redisNamespace(config.run).queuePrefix, ...QUEUE_CLIENT_OPTIONS });
      const delay = Math.max(0, outcome.nextWakeAt - context.now().getTime());
      // One job per due time: scheduling the same time twice is a no-op.
      await queue.add(JOB_NAMES.tick, { kind: 'tick' }, { jobId: `due-${outcome.nextWakeAt}`, delay, attempts: 1, removeOnComplete: true, removeOnFail: true });
    }
  }

  return { name: ALERT_ANALYST, processor };
}
