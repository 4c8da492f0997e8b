import { listCheckpoints } from '@flywheel/checkpoints';
import { PINS_FILE, PinnedCheckpoints } from '@flywheel/contracts';
import { access, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

export interface Protection {
  deployed: string | null;
  best: string | null;
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

/** What must never be pruned: the deployed checkpoint, the current best, and pinned ones (config and pins file). */
export async function readProtection(statusDir: string, pinned: string): Promise<Protection> {
  const field = async (file: string, key: string) => {
    const text = await readFile(path.join(statusDir, file), 'utf8').catch(() => null);
    if (!text) return null;
    try {
      const value = (JSON.parse(text) as Record<string, unknown>)[key];
      return typeof value === 'string' ? value : null;
    } catch {
      return null;
    }
  };
  return {
    // After a rolled-back deployment `serving` (not the attempted `checkpoint`) is what serves.
    deployed: (await field('last_deployment.json', 'serving')) ?? (await field('last_deployment.json', 'checkpoint')),
    best: await field('model_comparisons.json', 'best_checkpoint'),
    pinned: [...pinned.split(',').map((s) => s.trim()).filter(Boolean), ...(await readPinsFile(statusDir))],
  };
}

/**
 * Keeps the newest `keep` checkpoints and every protected one (deployed, best, pinned in
 * config or by a `.pinned` file in its folder); removes the rest. Returns what was removed.
 */
export async function pruneCheckpoints(localDir: string, keep: number, protection: Protection): Promise<string[]> {
  const all = (await listCheckpoints(localDir)).sort((a, b) => a.step - b.step);
  const guarded = new Set([protection.deployed, protection.best, ...protection.pinned].filter((n): n is string => !!n));
  const removed: string[] = [];
  for (const checkpoint of all.slice(0, Math.max(0, all.length - keep))) {
    if (guarded.has(checkpoint.name)) continue;
    if (await access(path.join(checkpoint.path, '.pinned')).then(() => true, () => false)) continue;
    await rm(checkpoint.path, { recursive: true, force: true });
    removed.push(checkpoint.name);
  }
  return removed;
}
