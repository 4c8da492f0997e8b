import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A fresh folder under the OS temp dir, and a function that removes it. */
export async function tempDir(label = 'test'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `flywheel-${label}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
