import { parseJsonLinesAs } from '@flywheel/contracts';
import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';

/** A line of a JSONL file that could not be used, by 1-based line number. */
export interface LineProblem {
  file: string;
  line: number;
  message: string;
}

// One writer per file inside this process: two ratings at once must not interleave their bytes.
const pending = new Map<string, Promise<void>>();

/**
 * Appends `value` as one JSON line and syncs it to disk. A file whose last line was cut short
 * (a crash mid-write) gets a newline first, so the cut line stays one bad line instead of
 * swallowing this one.
 */
export function appendJsonLine(file: string, value: unknown, options: { sync?: boolean } = {}): Promise<void> {
  const write = () => writeLine(file, JSON.stringify(value) + '\n', options.sync ?? true);
  const previous = pending.get(file);
  const next = previous ? previous.then(write) : write();
  const settled = next.catch(() => undefined);
  pending.set(file, settled);
  void settled.then(() => {
    if (pending.get(file) === settled) pending.delete(file);
  });
  return next;
}

async function writeLine(file: string, line: string, sync: boolean): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const handle = await open(file, 'a+');
  try {
    const { size } = await handle.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    await handle.appendFile(prefix + line);
    if (sync) await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Every line of a JSONL file that parses as `schema`, in file order, and a problem for each
 * one that does not (blank lines are skipped). A missing file has no lines.
 */
export async function readJsonLines<S extends z.ZodType>(file: string, schema: S): Promise<{ values: z.output<S>[]; problems: LineProblem[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { values: [], problems: [] };
    throw error;
  }
  const parsed = parseJsonLinesAs(schema, text);
  return { values: parsed.lines.map((l) => l.value), problems: parsed.problems.map((p) => ({ file, ...p })) };
}
