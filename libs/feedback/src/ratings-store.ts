import { FeedbackRecord, RATINGS_LOG } from '@flywheel/contracts';
import { DEFAULT_JSONL_ROTATION, type Rotation } from '@flywheel/status-store';
import path from 'node:path';
import { appendJsonLine, readJsonLines, type LineProblem } from './json-lines.js';

/**
 * `<statusDir>/feedback/ratings.jsonl`: the ratings given, one `FeedbackRecord` per line,
 * append-only, rotated by size (`retention.jsonl*`): the oldest ratings fall off with the
 * oldest rotated copy.
 */
export const ratingsFile = (statusDir: string): string => path.join(statusDir, RATINGS_LOG);

/** Appends one rating to the file (synced to disk before it resolves), rotating it first when it is full. */
export async function appendRating(file: string, record: FeedbackRecord, rotation: Rotation = DEFAULT_JSONL_ROTATION): Promise<void> {
  await appendJsonLine(file, FeedbackRecord.parse(record), { rotation });
}

/** What the ratings file holds: every valid record in file order, and the lines that are not one. */
export interface StoredRatings {
  file: string;
  records: FeedbackRecord[];
  problems: LineProblem[];
}

/** The ratings of the file and its rotated copies, oldest first, within the bound `rotation` sets. */
export async function readRatings(file: string, rotation: Rotation = DEFAULT_JSONL_ROTATION): Promise<StoredRatings> {
  const { values, problems } = await readJsonLines(file, FeedbackRecord, rotation);
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
