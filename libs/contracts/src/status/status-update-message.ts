import { z } from 'zod';
import { STATUS_IDS } from './catalog.js';
import { Timestamp } from './stamp.js';

/**
 * The message published on `redisNamespace(run).statusChannel` after each status write.
 * `id` rides along so a subscriber need not map file names back to status ids.
 */
export const StatusUpdateMessage = z.object({
  file: z.string(),
  id: z.enum(STATUS_IDS as [StatusIdLiteral, ...StatusIdLiteral[]]),
  last_update: Timestamp,
});
type StatusIdLiteral = (typeof STATUS_IDS)[number];
export type StatusUpdateMessage = z.infer<typeof StatusUpdateMessage>;
