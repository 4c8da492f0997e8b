import { keptNames, listCheckpoints, readKeptCheckpoints } from '@flywheel/checkpoints';
import { rm } from 'node:fs/promises';

export interface EvalsRetention {
  /** Checkpoint folders under `status/evals/` removed, oldest first. */
  removed: string[];
  /** Why nothing was removed, when that was the call. */
  skipped: string | null;
}

/**
 * Bounds `status/evals/`: the evaluations of the newest `keep` checkpoints stay, and those of
 * the champion, the deployed and the pinned checkpoints with `aroundKept` neighbours each
 * (automated-testing's champion pool reads them after the checkpoints themselves are pruned).
 * A status file that names the kept ones but cannot be read removes nothing: a record removed
 * by mistake cannot be made again once its checkpoint is gone.
 */
export async function pruneEvaluationRecords(evalsDir: string, statusDir: string, options: { keep: number; aroundKept: number; pinned: string }): Promise<EvalsRetention> {
  const folders = await listCheckpoints(evalsDir);
  if (folders.length <= options.keep) return { removed: [], skipped: null };
  const kept = await readKeptCheckpoints(statusDir, options.pinned);
  if (kept.unreadable.length > 0) return { removed: [], skipped: `kept checkpoints unknown (${kept.unreadable.join('; ')}): nothing removed` };
  const stay = new Set(folders.slice(-options.keep).map((f) => f.name));
  for (const name of keptNames(kept)) {
    const at = folders.findIndex((f) => f.name === name);
    if (at < 0) continue;
    for (let i = Math.max(0, at - options.aroundKept); i <= Math.min(folders.length - 1, at + options.aroundKept); i++) stay.add(folders[i]!.name);
  }
  const removed: string[] = [];
  for (const folder of folders) {
    if (stay.has(folder.name)) continue;
    await rm(folder.path, { recursive: true, force: true });
    removed.push(folder.name);
  }
  return { removed, skipped: null };
}
