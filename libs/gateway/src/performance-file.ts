import { FEEDBACK_DIMENSIONS, FeedbackDimensions } from '@flywheel/contracts';
import { writeFileAtomic } from '@flywheel/status-store';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { TrackerSnapshot } from './performance-tracker.js';

/** The gateway's own state file in the status folder (not one of the catalog's status files). */
export const PERFORMANCE_FILE = 'gateway_performance.json';

export function performanceFilePath(statusDir: string): string {
  return path.join(statusDir, PERFORMANCE_FILE);
}

const count = z.number().int().nonnegative();
const KindJson = z.object({
  requests: count,
  successes: count,
  failures: count,
  clientErrors: count,
  latency: z.object({
    buckets: z.array(z.tuple([z.number().int(), count])),
    zero_count: count,
    count,
    sum: z.number().nonnegative(),
    min: z.number().nullable(),
    max: z.number().nullable(),
  }),
  promptTokens: count,
  completionTokens: count,
  timedTokens: count,
  generationMs: z.number().nonnegative(),
});
const SnapshotJson = z.object({
  version: z.literal(1),
  saved_at: z.string(),
  feedback_cursor: z.string(),
  models: z.record(
    z.string(),
    z.object({
      consecutive_failures: count,
      blacklisted_until: z.number().nullable(),
      // image, audio and video are absent in files from before those kinds.
      kinds: z.object({ chat: KindJson, completion: KindJson, image: KindJson.optional(), audio: KindJson.optional(), video: KindJson.optional() }),
      feedback_count: count,
      feedback_sum: z.number().nonnegative(),
      dimensions: z.partialRecord(z.enum(FEEDBACK_DIMENSIONS), z.object({ count, sum: z.number().nonnegative() })).optional(),
      evaluations: z.array(
        z.object({
          at: z.string(),
          model: z.string(),
          request_id: z.string().nullable(),
          score: z.number().min(0).max(1),
          rating: z.enum(['good', 'bad']).nullable(),
          corrected: z.boolean(),
          dimensions: FeedbackDimensions.optional(),
        }),
      ),
    }),
  ),
});

/**
 * Reads a saved tracker snapshot: null when there is none yet; throws naming the file and the
 * first bad field when it is not one (the caller decides whether to start afresh).
 */
export async function readTrackerSnapshot(file: string): Promise<TrackerSnapshot | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message})`);
  }
  const parsed = SnapshotJson.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return parsed.data;
}

export async function writeTrackerSnapshot(file: string, snapshot: TrackerSnapshot): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(snapshot) + '\n');
}
