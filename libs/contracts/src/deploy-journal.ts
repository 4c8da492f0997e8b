import { z } from 'zod';
import { CheckpointName } from './events.js';
import { Timestamp } from './status/stamp.js';

/** `<servingDir>/deploy-journal.json`: the deployment in progress, so a crash can be undone at the next start. */
export const DEPLOY_JOURNAL_FILE = 'deploy-journal.json';

/**
 * What a deployment in progress has done. Recovery switches `current` to `from` and serves it,
 * so both are checked as checkpoint names: a path would point the server elsewhere.
 */
export const DeployJournal = z.object({
  from: CheckpointName.nullable(),
  to: CheckpointName,
  phase: z.enum(['switching', 'verifying']),
  startedAt: Timestamp,
});
export type DeployJournal = z.infer<typeof DeployJournal>;
