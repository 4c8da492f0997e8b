import { rotatedPath } from '@flywheel/contracts';
import { open } from 'node:fs/promises';
import type { Rotation } from './rotate-file.js';

/** What was read of one file: whole, or (`cut`) only its last complete lines. */
export interface RecentChunk {
  path: string;
  text: string;
  cut: boolean;
}

/**
 * The newest lines of an append-only file and its rotated copies, at most `maxBytes` of them
 * (default: the whole of the file and every copy `rotation` keeps), oldest first. Where the
 * budget runs out mid-file only that file's last complete lines are read. Missing files are
 * skipped. Files are read newest first, so a rotation during the read can repeat a line but
 * never lose one that a copy still holds. A line longer than what is left of the budget where
 * it starts is not read (config keeps `retention.jsonlMaxBytes` far above a line's size).
 */
export async function readRecentLines(file: string, rotation: Rotation, maxBytes = (rotation.rotatedFiles + 1) * rotation.maxBytes): Promise<RecentChunk[]> {
  const chunks: RecentChunk[] = [];
  let budget = maxBytes;
  for (let index = 0; index <= rotation.rotatedFiles && budget > 0; index += 1) {
    const chunk = await readTail(rotatedPath(file, index), budget);
    if (!chunk) continue;
    chunks.unshift(chunk.chunk);
    budget -= chunk.bytes;
  }
  return chunks;
}

async function readTail(path: string, budget: number): Promise<{ chunk: RecentChunk; bytes: number } | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, budget);
    const cut = length < size;
    // A tail starts mid-line unless the byte before it ends a line: read that byte too, then
    // drop everything through the first newline (on bytes, so no character is split).
    const read = cut ? length + 1 : length;
    const buffer = Buffer.alloc(read);
    await handle.read(buffer, 0, read, size - read);
    const newline = cut ? buffer.indexOf(0x0a) : -1;
    const text = !cut ? buffer.toString('utf8') : newline < 0 ? '' : buffer.subarray(newline + 1).toString('utf8');
    return { chunk: { path, text, cut }, bytes: length };
  } finally {
    await handle.close();
  }
}
