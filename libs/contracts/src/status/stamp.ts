import { z } from 'zod';

/** Timestamps in status files: ISO 8601; the seed's files had no offset, ours carry one. */
export const Timestamp = z.iso.datetime({ offset: true, local: true });

/**
 * Keys the status store stamps on every file it writes. Status schemas are loose objects:
 * supersets of the seed's shapes, so keys added later never break an older reader.
 */
export const StatusStamp = {
  last_update: Timestamp,
  schema_version: z.number().int().positive(),
};

/** One problem a daemon met and worked around, named precisely enough to fix. */
export const StatusIssue = z.object({
  /** File (or item) the problem is in. */
  source: z.string(),
  /** Field path or line, when known. */
  where: z.string().optional(),
  message: z.string(),
});
export type StatusIssue = z.infer<typeof StatusIssue>;
