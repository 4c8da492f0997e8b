import { FeedbackRecord } from '@flywheel/contracts';
import path from 'node:path';
import { appendJsonLine, readJsonLines, type LineProblem } from './json-lines.js';

/** `<statusDir>/feedback/ratings.jsonl`: every rating ever given, one `FeedbackRecord` per line, append-only. */
export const ratingsFile = (statusDir: string): string => path.join(statusDir, 'feedback', 'ratings.jsonl');

/** Appends one rating to the file (synced to disk before it resolves). */
export async function appendRating(file: string, record: FeedbackRecord): Promise<void> {
  await appendJsonLine(file, FeedbackRecord.parse(record));
}

/** What the ratings file holds: every valid record in file order, and the lines that are not one. */
export interface StoredRatings {
  file: string;
  records: FeedbackRecord[];
  problems: LineProblem[];
}

export async function readRatings(file: string): Promise<StoredRatings> {
  const { values, problems } = await readJsonLines(file, FeedbackRecord);
  return { file, records: values, problems };
}

/**
 * The ratings in force: for each request id the one written last (re-rating replaces), in the
 * order those last ratings were written. `replaced` counts the earlier ones set aside.
 */
export function ratingsInForce(records: readonly FeedbackRecord[]): { ratings: FeedbackRecord[]; replaced: number } {
  const last = new Map<string, number>();
  records.forEach((record, index) => last.set(record.request_id, index));
  const ratings = records.filter((record, index) => last.get(record.request_id) === index);
  return { ratings, replaced: records.length - ratings.length };
}
