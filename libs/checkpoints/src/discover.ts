import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** A checkpoint folder as found on disk. */
export interface CheckpointFolder {
  name: string;
  step: number;
  path: string;
}

const CHECKPOINT_FOLDER = /^checkpoint-(\d+)$/;

/** `checkpoint-1200` → 1200; anything else (`tmp-checkpoint-5`, `checkpoint-5.partial`) → null. */
export function checkpointStep(name: string): number | null {
  const match = CHECKPOINT_FOLDER.exec(name);
  return match ? Number(match[1]) : null;
}

/**
 * The `checkpoint-<step>` folders in `dir`, by step ascending (numerically: 2, 10, 100).
 * Trainer's `tmp-checkpoint-<step>` staging folders and partial downloads are not
 * checkpoints yet. A missing folder has no checkpoints.
 */
export async function listCheckpoints(dir: string): Promise<CheckpointFolder[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ name: entry.name, step: checkpointStep(entry.name), path: path.join(dir, entry.name) }))
    .filter((c): c is CheckpointFolder => c.step !== null)
    .sort((a, b) => a.step - b.step);
}
