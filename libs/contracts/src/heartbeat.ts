import { z } from 'zod';
import { DaemonName } from './daemons.js';

/** What a running daemon publishes every few seconds; the API reads it for `/api/status`. */
export const Heartbeat = z.object({
  daemon: DaemonName,
  run: z.string(),
  pid: z.number().int(),
  host: z.string(),
  startedAt: z.iso.datetime(),
  beatAt: z.iso.datetime(),
  /** Seconds between scheduled runs, or null when the daemon only reacts to events. */
  intervalSeconds: z.number().positive().nullable(),
  state: z.enum(['idle', 'busy', 'stopping']),
  lastJob: z
    .object({
      id: z.string(),
      kind: z.string(),
      finishedAt: z.iso.datetime(),
      ok: z.boolean(),
      error: z.string().optional(),
    })
    .nullable(),
});
export type Heartbeat = z.infer<typeof Heartbeat>;
