import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** The `*.jsonl` files of `dir` in name order (batch names sort by the time they were written). */
export const jsonlFiles = async (dir: string) => (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.jsonl')).sort();

/** The JSON lines of one file; lines that do not parse are skipped (self-correction reports them). */
export async function parsedLines(file: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const line of (await readFile(file, 'utf8').catch(() => '')).split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // not ours to judge here
    }
  }
  return out;
}

/**
 * The last `max` parsed lines of `dir`'s files taken in name order, reading files newest first
 * and only as many as those lines need: queue/processed/ is the trainer's and grows with the
 * run, and a pass reading all of it would cost more with every batch trained.
 */
export async function lastLines(dir: string, max: number): Promise<{ lines: Record<string, unknown>[]; filesRead: number }> {
  const files = await jsonlFiles(dir);
  const chunks: Record<string, unknown>[][] = [];
  let count = 0;
  for (let i = files.length - 1; i >= 0 && count < max; i--) {
    const lines = await parsedLines(path.join(dir, files[i]!));
    chunks.unshift(lines);
    count += lines.length;
  }
  return { lines: chunks.flat().slice(-max), filesRead: chunks.length };
}
