import { z } from 'zod';

/** Checkpoints pinned at run time (the API's `POST /api/checkpoints/:name/pin`), kept in the status folder. */
export const PINS_FILE = 'pinned_checkpoints.json';

/** `pinned_checkpoints.json`: written by the API, read by checkpoint-sync's pruning. */
export const PinnedCheckpoints = z.looseObject({
  pinned: z.array(z.string()),
  updated_at: z.string().optional(),
});
export type PinnedCheckpoints = z.infer<typeof PinnedCheckpoints>;
