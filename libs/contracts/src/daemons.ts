import { z } from 'zod';

/**
 * Every long-running process of flywheel, by the name it logs under, the name of its BullMQ
 * queue, and the name of its heartbeat. The ten seed systems, the evaluator, then the production side.
 */
export const DAEMON_NAMES = [
  'checkpoint-sync',
  'automated-testing',
  'model-comparison',
  'regression-monitor',
  'confidence-calibrator',
  'adversarial-miner',
  'self-correction',
  'curriculum-optimizer',
  'data-generation',
  'checkpoint-auto-deploy',
  'evaluator',
  'production-monitor',
  'alert-analyst',
] as const;

export const DaemonName = z.enum(DAEMON_NAMES);
export type DaemonName = z.infer<typeof DaemonName>;

/** A run name scopes queues, Redis keys and the status folder; it appears in Redis keys, so it is kept plain. */
export const RunName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'run name: lowercase letters, digits, ".", "_" or "-", at most 63 characters');
export type RunName = z.infer<typeof RunName>;
