import { keptNames, listCheckpoints, PRUNED_EVALUATIONS_FILE, prunedEvaluationCount, readKeptCheckpoints } from '@flywheel/checkpoints';
import { writeFileAtomic } from '@flywheel/status-store';
import path from 'node:path';
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
 * by mistake cannot be made again once its checkpoint is gone. How many were removed is added
 * to `pruned.json` before they go, so the run's looks (`runLook`) still count them.
 * `beforeRemove` runs for each folder before it goes (the evaluator drops its Redis copies).
 */
export async function pruneEvaluationRecords(
  evalsDir: string,
  statusDir: string,
  options: { keep: number; aroundKept: number; pinned: string; beforeRemove?: (checkpoint: string) => Promise<unknown> },
): Promise<EvalsRetention> {
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
  const removed = folders.filter((f) => !stay.has(f.name));
  if (removed.length === 0) return { removed: [], skipped: null };
  const before = await prunedEvaluationCount(evalsDir);
  await writeFileAtomic(path.join(evalsDir, PRUNED_EVALUATIONS_FILE), JSON.stringify({ removed: before + removed.length }) + '\n');
  for (const folder of removed) {
    await options.beforeRemove?.(folder.name);
    await rm(folder.path, { recursive: true, force: true });
  }
  return { removed: removed.map((f) => f.name), skipped: null };
}
