import { z } from 'zod';

/**
 * The dashboard's auto fine-tune switch (Redis key `redisNamespace(run).fineTuneControl`, JSON).
 * When present it overrides `monitor.autoFineTune`; production-monitor reads it every pass.
 */
export const FineTuneControl = z.object({
  auto_fine_tune: z.boolean(),
  changed_by: z.string().min(1),
  changed_at: z.iso.datetime(),
});
export type FineTuneControl = z.infer<typeof FineTuneControl>;

/**
 * A manual "fine-tune now" (Redis stream `redisNamespace(run).fineTuneRequests`, field `request`).
 * production-monitor consumes it on its next pass and runs the fine-tune command whatever the
 * trigger's conditions, recording the outcome with who asked and when.
 */
export const ManualFineTuneRequest = z.object({
  id: z.string().min(1),
  requested_by: z.string().min(1),
  requested_at: z.iso.datetime(),
  reason: z.string().nullable(),
});
export type ManualFineTuneRequest = z.infer<typeof ManualFineTuneRequest>;
