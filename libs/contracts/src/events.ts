import { z } from 'zod';

/** A checkpoint folder name as Hugging Face Trainer writes it. */
export const CheckpointName = z.string().regex(/^checkpoint-\d+$/, 'expected "checkpoint-<step>"');

/**
 * Announced once per complete checkpoint, by whoever saw it land (the local watcher or
 * checkpoint-sync). `path` is the folder on the announcing host.
 */
export const CheckpointReadyEvent = z.object({
  kind: z.literal('checkpoint.ready'),
  checkpoint: CheckpointName,
  step: z.number().int().nonnegative(),
  path: z.string().min(1),
  announcedAt: z.iso.datetime(),
  source: z.enum(['local-watch', 'sync']),
});
export type CheckpointReadyEvent = z.infer<typeof CheckpointReadyEvent>;

/** The catalog of events: name → payload schema. Consumers subscribe by name. */
export const EVENTS = {
  'checkpoint.ready': CheckpointReadyEvent,
} as const;
export type EventName = keyof typeof EVENTS;
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];
export type EventPayload<E extends EventName> = z.infer<(typeof EVENTS)[E]>;
