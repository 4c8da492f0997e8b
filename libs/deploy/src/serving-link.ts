import { cp, mkdir, open, readlink, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';

/** `<servingDir>/current` → `<servingDir>/checkpoints/<name>`: what the inference server reads. */
export const currentLink = (servingDir: string) => path.join(servingDir, 'current');
export const servedFolder = (servingDir: string, name: string) => path.join(servingDir, 'checkpoints', name);

/** The checkpoint `current` points at, or null. */
export async function servedCheckpoint(servingDir: string): Promise<string | null> {
  const target = await readlink(currentLink(servingDir)).catch(() => null);
  return target ? path.basename(target) : null;
}

/** Copies a checkpoint into the serving folder (via a `.partial` copy renamed into place). */
export async function stageCheckpoint(servingDir: string, name: string, source: string): Promise<string> {
  const final = servedFolder(servingDir, name);
  const partial = `${final}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(path.dirname(final), { recursive: true });
  await cp(source, partial, { recursive: true });
  await rm(final, { recursive: true, force: true });
  await rename(partial, final);
  return final;
}

/**
 * Points `current` at a checkpoint in one step: a new symlink under a temporary name, renamed
 * over the old one (rename is atomic), so a reader sees the old target or the new, never none.
 */
export async function switchCurrent(servingDir: string, name: string): Promise<void> {
  const link = currentLink(servingDir);
  const temp = `${link}.${process.pid}.tmp`;
  await rm(temp, { force: true });
  await symlink(path.join('checkpoints', name), temp);
  await rename(temp, link);
  const dir = await open(servingDir, 'r');
  await dir.sync().catch(() => undefined);
  await dir.close();
}
