import { STATUS_IDS, Timestamp } from '@flywheel/contracts';
import { z } from 'zod';

/**
 * The message published on `redisNamespace(run).statusChannel` after each status write.
 * Declared here because contracts does not have it yet (its comment there says `{ file, last_update }`;
 * `id` is added so a subscriber need not map file names back to status ids).
 */
export const StatusUpdateMessage = z.object({
  file: z.string(),
  id: z.enum(STATUS_IDS),
  last_update: Timestamp,
});
export type StatusUpdateMessage = z.infer<typeof StatusUpdateMessage>;
