import { keptNames, listCheckpoints, readKeptCheckpoints, statusField, type KeptCheckpoints } from '@flywheel/checkpoints';
import { access, rm } from 'node:fs/promises';
import path from 'node:path';

/** What must never be pruned: the champion, the deployed checkpoint, the current best, and pinned ones. */
export interface Protection extends KeptCheckpoints {
  best: string | null;
}

/** What must never be pruned, from the status folder and `sync.pinned`. */
export async function readProtection(statusDir: string, pinned: string): Promise<Protection> {
  return { ...(await readKeptCheckpoints(statusDir, pinned)), best: await statusField(statusDir, 'model_comparisons.json', 'best_checkpoint') };
}

/**
 * Keeps the newest `keep` checkpoints and every protected one (champion, deployed, best, pinned in
 * config or by a `.pinned` file in its folder); removes the rest. Returns what was removed.
 */
export async function pruneCheckpoints(localDir: string, keep: number, protection: Protection): Promise<string[]> {
  const all = (await listCheckpoints(localDir)).sort((a, b) => a.step - b.step);
  const guarded = new Set([...keptNames(protection), ...(protection.best ? [protection.best] : [])]);
  const removed: string[] = [];
  for (const checkpoint of all.slice(0, Math.max(0, all.length - keep))) {
    if (guarded.has(checkpoint.name)) continue;
    if (await access(path.join(checkpoint.path, '.pinned')).then(() => true, () => false)) continue;
    await rm(checkpoint.path, { recursive: true, force: true });
    removed.push(checkpoint.name);
  }
  return removed;
}
