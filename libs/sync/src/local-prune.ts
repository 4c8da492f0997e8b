import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pruneCheckpoints, pruneWithheld, type Protection } from './prune.js';

/**
 * One host (`sync.pruneLocal`): the trainer's own folder pruned to the newest `keep`, as
 * `--keep` prunes the pulled copies, with the same protection (champion, deployed, best,
 * pinned; nothing while a status file naming them cannot be read). A checkpoint the evaluator
 * has no result of (`<evalsDir>/<name>/*.json`) is never removed: it was not judged yet, and
 * once gone it never could be.
 */
export async function pruneLocalCheckpoints(localDir: string, evalsDir: string, keep: number, protection: Protection): Promise<{ pruned: string[]; withheld: string | null }> {
  const withheld = pruneWithheld(protection);
  if (withheld) return { pruned: [], withheld };
  const evaluated = async (name: string) => (await readdir(path.join(evalsDir, name)).catch(() => [] as string[])).some((f) => f.endsWith('.json'));
  return { pruned: await pruneCheckpoints(localDir, keep, protection, evaluated), withheld: null };
}
