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
  const file = path.join(statusDir, PINS_FILE);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
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

/** A string field of a status file; null when the file or the field is absent or unreadable. */
export async function statusField(statusDir: string, file: string, key: string): Promise<string | null> {
  const text = await readFile(path.join(statusDir, file), 'utf8').catch(() => null);
  if (!text) return null;
  try {
    const value = (JSON.parse(text) as Record<string, unknown>)[key];
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** The champion, the deployed checkpoint and the pinned ones (`pinned`: `sync.pinned`, comma-separated). */
export async function readKeptCheckpoints(statusDir: string, pinned: string): Promise<KeptCheckpoints> {
  const deployment = STATUS_FILES.deployment.file;
  return {
    champion: await statusField(statusDir, STATUS_FILES.champion.file, 'champion'),
    // After a rolled-back deployment `serving` (not the attempted `checkpoint`) is what serves.
    deployed: (await statusField(statusDir, deployment, 'serving')) ?? (await statusField(statusDir, deployment, 'checkpoint')),
    pinned: [...pinned.split(',').map((s) => s.trim()).filter(Boolean), ...(await readPinsFile(statusDir))],
  };
}

/** The names of a KeptCheckpoints, once each. */
export const keptNames = (kept: KeptCheckpoints): string[] =>
  [...new Set([kept.champion, kept.deployed, ...kept.pinned].filter((n): n is string => !!n))];
