import { createHash } from 'node:crypto';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Files up to this size are hashed whole (trainer_state.json, configs, tokenizer files). */
const SMALL_FILE_BYTES = 1 << 20;
/** Of larger files (weights), the first and last this many bytes are hashed, plus size and mtime. */
const EDGE_BYTES = 1 << 16;

/**
 * A fingerprint of a checkpoint folder's content, so a checkpoint rewritten under the same
 * name is a new checkpoint. Hashing multi-GB weights on every ask would cost minutes, so large
 * files count by size, modification time and their first and last 64 KiB; every small file
 * (trainer_state.json among them, which changes whenever Trainer saves) counts whole.
 */
export async function checkpointIdentity(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const files = await listFiles(dir);
  if (files.length === 0) throw new Error(`checkpoint ${dir} has no files`);
  for (const relative of files) {
    const full = path.join(dir, relative);
    const info = await stat(full);
    hash.update(`${relative}\0${info.size}\0`);
    if (info.size <= SMALL_FILE_BYTES) {
      hash.update(await readRange(full, 0, info.size));
    } else {
      hash.update(`${Math.trunc(info.mtimeMs)}\0`);
      hash.update(await readRange(full, 0, EDGE_BYTES));
      hash.update(await readRange(full, info.size - EDGE_BYTES, EDGE_BYTES));
    }
  }
  return hash.digest('hex').slice(0, 32);
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(dir, relative)));
    else if (entry.isFile()) out.push(relative);
  }
  return out;
}

async function readRange(file: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
