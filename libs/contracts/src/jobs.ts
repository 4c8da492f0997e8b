import { z } from 'zod';
import { CheckpointReadyEvent } from './events.js';
import { EvaluationRequest } from './eval/eval-request.js';

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
 * An evaluation asked of the evaluator (its queue only). `key` is also the BullMQ job id, so
 * concurrent asks for the same thing collapse into one job; it is derived from the checkpoint's
 * and the example set's content fingerprints as the asker saw them, and the params.
 */
export const EvaluateJob = EvaluationRequest.extend({
  kind: z.literal('evaluate'),
  key: z.string().regex(/^[a-f0-9]{32,64}$/),
  checkpointId: z.string().min(1),
  exampleSetId: z.string().min(1),
});
export type EvaluateJob = z.infer<typeof EvaluateJob>;

/**
 * What a daemon's queue carries: its interval tick, a manual request, or an event it subscribed to.
 * New kinds are added here (and to the processor's switch, which the compiler keeps exhaustive).
 * Fields added later must be optional: jobs already queued were written without them.
 */
export const DaemonJob = z.discriminatedUnion('kind', [TickJob, ManualJob, CheckpointReadyEvent, EvaluateJob]);
export type DaemonJob = z.infer<typeof DaemonJob>;

/** BullMQ job names, `domain.action`, one per job kind. */
export const JOB_NAMES: Record<DaemonJob['kind'], string> = {
  tick: 'schedule.tick',
  manual: 'manual.run',
  'checkpoint.ready': 'checkpoint.ready',
  evaluate: 'evaluation.run',
};

/**
 * Default options of every daemon job: a few retries with backoff. How long finished jobs
 * stay is the worker's (finishedJobRetention), not the job's: a job that carried its own
 * removeOn* would ignore the setting.
 */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 5_000 },
} as const;

/**
 * The cap of a queue's BullMQ events stream. BullMQ reads it from the queue's meta hash, which
 * every Queue instance rewrites when it opens (10000 unless told): so only the daemon that owns
 * the queue writes it, at start (queueEventsRetention), and every other Queue - producers, the
 * API, the CLI - opens with QUEUE_CLIENT_OPTIONS and leaves the meta alone.
 */
export function queueEventsRetention(queue: { eventsMaxLength: number }) {
  return { streams: { events: { maxLen: queue.eventsMaxLength } } };
}

/** Options of a Queue opened by anyone but the queue's own daemon (see queueEventsRetention). */
export const QUEUE_CLIENT_OPTIONS = { skipMetasUpdate: true } as const;

/**
 * Finished jobs are kept for a while, then removed: while a job is kept its id makes a second
 * delivery of the same event a no-op in BullMQ (the announcer's set of announced keys is the
 * first guard), and the API reads an evaluation's result from its job. So keepCompleted must
 * exceed the jobs a queue finishes between an event and its last possible redelivery.
 * Passed to every Worker, which applies it to each job it finishes.
 */
export function finishedJobRetention(keep: { keepCompletedJobs: number; keepFailedJobs: number }) {
  return {
    removeOnComplete: { age: 7 * 24 * 3600, count: keep.keepCompletedJobs },
    removeOnFail: { age: 30 * 24 * 3600, count: keep.keepFailedJobs },
  };
}
