import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Takes the oldest `queue/normal/*.jsonl` file as the next chunk of training data, the way
 * the seed's trainer consumes the queue that data-generation fills: it moves to
 * `queue/processed/` (kept, so what was trained on can be traced). Null when the queue is empty.
 */
export async function consumeQueueFile(queueDir: string): Promise<string | null> {
  const normal = path.join(queueDir, 'normal');
  let names: string[];
  try {
    names = (await readdir(normal)).filter((n) => n.endsWith('.jsonl'));
  } catch {
    return null;
  }
  if (names.length === 0) return null;
  const dated = await Promise.all(names.map(async (name) => ({ name, mtime: (await stat(path.join(normal, name))).mtimeMs })));
  dated.sort((a, b) => a.mtime - b.mtime || (a.name < b.name ? -1 : 1));
  const oldest = dated[0]!.name;
  const processed = path.join(queueDir, 'processed');
  await mkdir(processed, { recursive: true });
  await rename(path.join(normal, oldest), path.join(processed, oldest));
  return oldest;
}
