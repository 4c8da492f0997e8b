import { z } from 'zod';
import { CheckpointReadyEvent } from './events.js';

/** The scheduler's job, one per `--interval`. */
export const TickJob = z.object({
  kind: z.literal('tick'),
});

/** A run asked for by a person (CLI or API). */
export const ManualJob = z.object({
  kind: z.literal('manual'),
  requestedBy: z.string().min(1),
});

/**
 * What a daemon's queue carries: its interval tick, a manual request, or an event it subscribed to.
 * New kinds are added here (and to the processor's switch, which the compiler keeps exhaustive).
 * Fields added later must be optional: jobs already queued were written without them.
 */
export const DaemonJob = z.discriminatedUnion('kind', [TickJob, ManualJob, CheckpointReadyEvent]);
export type DaemonJob = z.infer<typeof DaemonJob>;

/** BullMQ job names, `domain.action`, one per job kind. */
export const JOB_NAMES: Record<DaemonJob['kind'], string> = {
  tick: 'schedule.tick',
  manual: 'manual.run',
  'checkpoint.ready': 'checkpoint.ready',
};

/**
 * Default options of every daemon job: a few retries with backoff, and finished jobs kept
 * for a while (their ids are what makes an event's delivery idempotent), then removed.
 */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 1_000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 5_000 },
} as const;
