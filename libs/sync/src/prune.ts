import { collecting, keptNames, listCheckpoints, readKeptCheckpoints, statusField, type KeptCheckpointsRead } from '@flywheel/checkpoints';
import { STATUS_FILES } from '@flywheel/contracts';
import { access, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * What must never be pruned: the champion, the deployed checkpoint, the current best, and pinned
 * ones; `unreadable` lists the status files that exist but could not be read (`file: what was
 * wrong`). When it is not empty the list is incomplete and nothing may be pruned.
 */
export interface Protection extends KeptCheckpointsRead {
  best: string | null;
}

/** What must never be pruned, from the status folder and `sync.pinned`. A missing file protects nothing; a bad one is listed in `unreadable`. */
export async function readProtection(statusDir: string, pinned: string): Promise<Protection> {
  const kept = await readKeptCheckpoints(statusDir, pinned);
  const unreadable = [...kept.unreadable];
  const best = await collecting(unreadable, null, () => statusField(statusDir, STATUS_FILES.model_comparison.file, 'best_checkpoint'));
  return { ...kept, best, unreadable };
}

/** Why a pass must not prune (fails closed), or null when the protection was read whole. */
export const pruneWithheld = (protection: Protection): string | null =>
  protection.unreadable.length > 0 ? `nothing pruned this pass: ${protection.unreadable.join('; ')}` : null;

/**
 * Keeps the newest `keep` checkpoints and every protected one (champion, deployed, best, pinned in
 * config or by a `.pinned` file in its folder); removes the rest. Returns what was removed:
 * nothing when a status file naming a protected checkpoint could not be read (`pruneWithheld`).
 */
export async function pruneCheckpoints(localDir: string, keep: number, protection: Protection, mayRemove: (name: string) => Promise<boolean> = async () => true): Promise<string[]> {
  if (pruneWithheld(protection)) return [];
  const all = (await listCheckpoints(localDir)).sort((a, b) => a.step - b.step);
  const guarded = new Set([...keptNames(protection), ...(protection.best ? [protection.best] : [])]);
  const removed: string[] = [];
  for (const checkpoint of all.slice(0, Math.max(0, all.length - keep))) {
    if (guarded.has(checkpoint.name)) continue;
    if (await access(path.join(checkpoint.path, '.pinned')).then(() => true, () => false)) continue;
    if (!(await mayRemove(checkpoint.name))) continue;
    await rm(checkpoint.path, { recursive: true, force: true });
    removed.push(checkpoint.name);
  }
  return removed;
}
