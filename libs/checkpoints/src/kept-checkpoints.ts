import { PINS_FILE, PinnedCheckpoints, STATUS_FILES } from '@flywheel/contracts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The checkpoints a run must keep on disk, evaluated and ranked, whatever the windows say. */
export interface KeptCheckpoints {
  /** champion.json's champion: the checkpoint that last won promotion. */
  champion: string | null;
  /** What serves (last_deployment.json's `serving`, else its `checkpoint`). */
  deployed: string | null;
  /** `sync.pinned` and pinned_checkpoints.json. */
  pinned: string[];
}

/**
 * The names in `<statusDir>/pinned_checkpoints.json`; none when it is absent. A file that
 * cannot be read as pins throws, naming it: pruning on a misread pin list could delete a
 * checkpoint someone meant to keep.
 */
export async function readPinsFile(statusDir: string): Promise<string[]> {
  const file = PINS_FILE;
  const text = await readFile(path.join(statusDir, file), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = PinnedCheckpoints.safeParse(value);
  if (!parsed.success) throw new Error(`${file}: "pinned" must be an array of checkpoint names`);
  return parsed.data.pinned;
}

/**
 * A string field of a status file: null when the file does not exist (a fresh run) or the field
 * is absent or null. A file that exists but cannot be read, is not a JSON object, or holds
 * something other than a string there throws, naming the file (not its folder): whoever prunes
 * on it must not guess.
 */
export async function statusField(statusDir: string, file: string, key: string): Promise<string | null> {
  const text = await readFile(path.join(statusDir, file), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw new Error(`${file}: cannot be read (${error.code ?? error.message})`);
  });
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${file}: not a JSON object`);
  const field = (value as Record<string, unknown>)[key];
  if (field === undefined || field === null) return null;
  if (typeof field !== 'string') throw new Error(`${file}: "${key}" must be a string or null, not ${typeof field}`);
  return field;
}

/** The kept checkpoints, and what could not be read to find them (`file: what was wrong`, one each). */
export interface KeptCheckpointsRead extends KeptCheckpoints {
  /** Status files that exist but could not be read; when any, the list above is incomplete. */
  unreadable: string[];
}

/**
 * Runs `read`; on failure records its message in `unreadable` and gives `fallback`, so one bad
 * file does not hide what the others say.
 */
export async function collecting<T>(unreadable: string[], fallback: T, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    unreadable.push((error as Error).message);
    return fallback;
  }
}

/**
 * The champion, the deployed checkpoint and the pinned ones (`pinned`: `sync.pinned`,
 * comma-separated). A status file that exists but cannot be read is listed in `unreadable`
 * rather than read as "nothing to keep".
 */
export async function readKeptCheckpoints(statusDir: string, pinned: string): Promise<KeptCheckpointsRead> {
  const deployment = STATUS_FILES.deployment.file;
  const unreadable: string[] = [];
  const champion = await collecting(unreadable, null, () => statusField(statusDir, STATUS_FILES.champion.file, 'champion'));
  // After a rolled-back deployment `serving` (not the attempted `checkpoint`) is what serves.
  const deployed = await collecting(unreadable, null, async () =>
    (await statusField(statusDir, deployment, 'serving')) ?? (await statusField(statusDir, deployment, 'checkpoint')));
  const pins = await collecting(unreadable, [] as string[], () => readPinsFile(statusDir));
  return { champion, deployed, pinned: [...pinned.split(',').map((s) => s.trim()).filter(Boolean), ...pins], unreadable };
}

/** The names of a KeptCheckpoints, once each. */
export const keptNames = (kept: KeptCheckpoints): string[] =>
  [...new Set([kept.champion, kept.deployed, ...kept.pinned].filter((n): n is string => !!n))];
