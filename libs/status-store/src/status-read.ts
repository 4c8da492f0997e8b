import { jsonErrorLocation, STATUS_FILES, type StatusId, type StatusOf } from '@flywheel/contracts';
import { describeIssues, toFieldIssues } from './status-validation-error.js';

/** Where a status copy came from. */
export type StatusSource = 'file' | 'redis';

/**
 * What reading a status gives: the data, nothing yet, or a copy that cannot be used
 * (unparseable JSON or a schema mismatch, with the file and field path in `error`).
 */
export type StatusRead<Id extends StatusId = StatusId> =
  | {
      state: 'present';
      data: StatusOf<Id>;
      source: StatusSource;
      /** The copy's `last_update`, as written. */
      lastUpdate: string;
      /** Set when the other copy (file or Redis) exists but cannot be used: worth fixing, not hiding. */
      otherCopyError?: string;
    }
  /** Neither copy exists (yet); `file` is where the file copy would be. */
  | { state: 'missing'; file: string }
  | { state: 'error'; error: string };

/**
 * Parses one copy of a status (file content or the Redis value) against its schema.
 * `where` says which copy it is, for the error message (e.g. the file's path).
 */
export function parseStatusText<Id extends StatusId>(id: Id, text: string, source: StatusSource, where: string): StatusRead<Id> {
  const { file, schema } = STATUS_FILES[id];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = jsonErrorLocation(text, message);
    return { state: 'error', error: `${file} (${where}): not valid JSON${at ? ` at ${at}` : ''}: ${message}` };
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    return { state: 'error', error: `${file} (${where}): ${describeIssues(toFieldIssues(result.error.issues))}` };
  }
  // Serve the JSON as written, not zod's copy of it (which reorders keys): the schemas have
  // no transforms or defaults, so both hold the same values.
  const data = json as StatusOf<Id>;
  return { state: 'present', data, source, lastUpdate: result.data.last_update };
}

/**
 * Of the file copy and the Redis copy, the one to serve: the later `last_update` when both
 * are usable (a status written on another host reaches this one through Redis, and a file
 * written here while Redis was down is newer than Redis's copy); the usable one when only
 * one is; on a tie the file, which is the record.
 */
export function pickNewer<Id extends StatusId>(file: StatusRead<Id>, redis: StatusRead<Id>): StatusRead<Id> {
  if (file.state === 'present' && redis.state === 'present') {
    return Date.parse(redis.lastUpdate) > Date.parse(file.lastUpdate) ? redis : file;
  }
  if (file.state === 'present') return redis.state === 'error' ? { ...file, otherCopyError: redis.error } : file;
  if (redis.state === 'present') return file.state === 'error' ? { ...redis, otherCopyError: file.error } : redis;
  if (file.state === 'error' && redis.state === 'error') return { state: 'error', error: `${file.error}; ${redis.error}` };
  if (file.state === 'error') return file;
  if (redis.state === 'error') return redis;
  return file;
}
