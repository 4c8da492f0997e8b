import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Replaces `target` with `data` so that a reader sees either the old or the new content,
 * never a mix, and a crash leaves one of the two on disk:
 * temp file in the same folder (rename is only atomic within one file system) → write →
 * fsync the file (its bytes are on disk before its name is) → rename over the target →
 * fsync the folder (so the rename itself survives a power cut; best effort).
 * Creates the folder when it is missing. On failure the temp file is removed.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true });
  // Leading dot and `.tmp` suffix: globs for `*.json` and the dashboard never pick it up.
  // pid + random: two processes (or two writes in one) never share a temp file.
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(dir);
}

async function syncFolder(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms and file systems cannot fsync a folder (Windows, some network mounts);
    // the file's content is already durable, only the rename might be lost in a power cut.
  }
}
