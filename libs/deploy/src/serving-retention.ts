import { checkpointStep } from '@flywheel/checkpoints';
import { lstat, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { servedCheckpoint } from './serving-link.js';

/** What the serving folder keeps: the served checkpoint, what served before, then the newest earlier champions. */
export interface ServingRetention {
  /** The checkpoint that serves now (always kept). */
  serving: string | null;
  /** What served before this deployment: the rollback target (always kept). */
  previous: string | null;
  /** Earlier champions, newest first (champion.json's history): kept while the total is under `keep`. */
  champions: string[];
  /** `deploy.keepServed`: checkpoints kept in `<servingDir>/checkpoints` in all. */
  keep: number;
}

/** The names to keep, serving first; `serving` and `previous` even when `keep` is smaller. */
export function servedToKeep(r: ServingRetention): string[] {
  const kept = [...new Set([r.serving, r.previous].filter((n): n is string => !!n))];
  for (const name of r.champions) {
    if (kept.length >= r.keep) break;
    if (!kept.includes(name)) kept.push(name);
  }
  return kept;
}

/**
 * Removes the staged copies in `<servingDir>/checkpoints` that `servedToKeep` does not keep, so
 * the folder stops growing by one checkpoint per deployment. Only plain `checkpoint-<step>`
 * folders found by listing that folder are candidates (never a path built from a status file,
 * never a symlink, never `.partial` leftovers), and the one `current` points at when pruning
 * starts is never removed, whatever the retention says. Returns what was removed.
 */
export async function pruneServedCheckpoints(servingDir: string, retention: ServingRetention): Promise<string[]> {
  const folder = path.join(servingDir, 'checkpoints');
  const keep = new Set(servedToKeep(retention));
  // Re-read the link: what the server reads now wins over what the caller believes serves.
  const current = await servedCheckpoint(servingDir);
  if (current) keep.add(current);
  const names = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const removed: string[] = [];
  for (const name of names.sort()) {
    if (keep.has(name) || checkpointStep(name) === null || name !== path.basename(name)) continue;
    const target = path.join(folder, name);
    const info = await lstat(target);
    if (!info.isDirectory()) continue;
    await rm(target, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
