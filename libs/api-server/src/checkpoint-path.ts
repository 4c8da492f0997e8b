import { checkpointStep } from '@flywheel/checkpoints';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { HttpError } from './errors.js';

/**
 * Checks a checkpoint name from a request: exactly `checkpoint-<digits>` (so no `..`, no
 * slash, no absolute path, whatever the encoding was: Express has decoded it by now).
 * @throws HttpError 400 naming the parameter otherwise
 */
export function checkedCheckpointName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string' || checkpointStep(name) === null) {
    throw new HttpError(400, `${field}: expected a checkpoint folder name like "checkpoint-1200"`, { field });
  }
  return name;
}

/**
 * The absolute path of `relative` (e.g. `checkpoint-1200/trainer_state.json`) inside `baseDir`,
 * after following symlinks; `null` when it does not exist.
 * @throws HttpError 400 when it resolves outside `baseDir` (a symlink pointing out): nothing is read
 */
export async function resolveInside(baseDir: string, relative: string): Promise<string | null> {
  const base = await realpath(baseDir).catch(() => null);
  if (base === null) return null;
  const lexical = path.resolve(base, relative);
  if (!isInside(base, lexical)) throw new HttpError(400, `${relative}: outside the checkpoints folder`);
  const real = await realpath(lexical).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
    throw error;
  });
  if (real !== null && !isInside(base, real)) throw new HttpError(400, `${relative}: resolves outside the checkpoints folder`);
  return real;
}

function isInside(base: string, candidate: string): boolean {
  const relative = path.relative(base, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
