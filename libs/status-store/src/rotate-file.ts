import { RETENTION_DEFAULTS, rotatedPath } from '@flywheel/contracts';
import { copyFileSync, renameSync, rmSync, statSync, truncateSync } from 'node:fs';

/** How an append-only file is bounded (config `retention.*`). */
export interface Rotation {
  /** The file is rotated before an append would take it past this many bytes. */
  maxBytes: number;
  /** Rotated copies kept, `<file>.1` (newest) … `<file>.<rotatedFiles>`; 0 keeps none. */
  rotatedFiles: number;
}

/**
 * Call before appending `incomingBytes` to `file`: when the file holds something and the
 * append would take it past `maxBytes`, the oldest copy is dropped, `<file>.<i>` becomes
 * `<file>.<i+1>` and `file` becomes `<file>.1`, so the append starts a new file. A file
 * therefore never exceeds `maxBytes` unless one line alone does. Returns whether it rotated.
 *
 * Synchronous on purpose: the daemons' pino destinations write synchronously and call this
 * inside their write, where nothing may interleave; the stat and renames cost microseconds.
 * One writer per file is assumed (two processes rotating at once could shift a copy twice).
 *
 * `inPlace` is for a file another process keeps open and appends to (a running server's
 * output): `file` is copied to `<file>.1` and truncated instead of renamed, so that process
 * goes on writing to `file` (opened with O_APPEND, its next write lands at the new end). A
 * line it writes between the copy and the truncation is lost.
 */
export function rotateBeforeAppend(file: string, rotation: Rotation, incomingBytes = 0, options: { inPlace?: boolean } = {}): boolean {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  if (size === 0 || size + incomingBytes <= rotation.maxBytes) return false;
  if (options.inPlace) {
    // With rotatedFiles 0 this must not remove the file (the other process holds it): it is only truncated.
    if (rotation.rotatedFiles > 0) rmSync(rotatedPath(file, rotation.rotatedFiles), { force: true });
    shift(file, rotation.rotatedFiles, 1);
    if (rotation.rotatedFiles > 0) copyFileSync(file, rotatedPath(file, 1));
    truncateSync(file, 0);
    return true;
  }
  // With rotatedFiles 0 this removes the file itself: nothing is kept.
  rmSync(rotatedPath(file, rotation.rotatedFiles), { force: true });
  shift(file, rotation.rotatedFiles, 0);
  return true;
}

/** Renames `<file>.<i>` to `<file>.<i+1>` for i from rotatedFiles - 1 down to `lowest`. */
function shift(file: string, rotatedFiles: number, lowest: number): void {
  for (let index = rotatedFiles - 1; index >= lowest; index -= 1) {
    try {
      renameSync(rotatedPath(file, index), rotatedPath(file, index + 1));
    } catch (error) {
      // A gap (fewer copies so far) is normal.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/** `retention.jsonl*` at their defaults: for a writer or reader of a JSONL file handed no config. */
export const DEFAULT_JSONL_ROTATION: Rotation = { maxBytes: RETENTION_DEFAULTS.jsonlMaxBytes, rotatedFiles: RETENTION_DEFAULTS.jsonlRotatedFiles };

/** `retention.log*` at their defaults: for a log writer handed no config. */
export const DEFAULT_LOG_ROTATION: Rotation = { maxBytes: RETENTION_DEFAULTS.logMaxBytes, rotatedFiles: RETENTION_DEFAULTS.logRotatedFiles };
