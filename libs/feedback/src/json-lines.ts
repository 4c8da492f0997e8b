import { parseJsonLinesAs } from '@flywheel/contracts';
import { DEFAULT_JSONL_ROTATION, readRecentLines, rotateBeforeAppend, type Rotation } from '@flywheel/status-store';
import { mkdir, open } from 'node:fs/promises';
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
 * swallowing this one. With `rotation` the file is rotated first when the line would take it
 * past `rotation.maxBytes` (files bounded some other way, such as the queue's, pass none).
 */
export function appendJsonLine(file: string, value: unknown, options: { sync?: boolean; rotation?: Rotation } = {}): Promise<void> {
  const write = () => writeLine(file, JSON.stringify(value) + '\n', options.sync ?? true, options.rotation);
  const previous = pending.get(file);
  const next = previous ? previous.then(write) : write();
  const settled = next.catch(() => undefined);
  pending.set(file, settled);
  void settled.then(() => {
    if (pending.get(file) === settled) pending.delete(file);
  });
  return next;
}

async function writeLine(file: string, line: string, sync: boolean, rotation: Rotation | undefined): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // Inside the per-file queue: no append of this process runs between the check and the rename.
  if (rotation) rotateBeforeAppend(file, rotation, Buffer.byteLength(line));
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
 * Every line of a JSONL file and of its rotated copies (`<file>.1` …, as many as `rotation`
 * keeps) that parses as `schema`, oldest first, read within `maxBytes` (default: the whole of
 * every copy `rotation` keeps, so the read is bounded even for a file written before rotation),
 * and a problem for each line that does not (blank lines are skipped). Line numbers count from
 * the start of the file, or of what was read of it when the budget cut it (`cut` in the message).
 * Missing files have no lines.
 */
export async function readJsonLines<S extends z.ZodType>(
  file: string,
  schema: S,
  rotation: Rotation = DEFAULT_JSONL_ROTATION,
  maxBytes?: number,
): Promise<{ values: z.output<S>[]; problems: LineProblem[] }> {
  const values: z.output<S>[] = [];
  const problems: LineProblem[] = [];
  for (const chunk of await readRecentLines(file, rotation, maxBytes)) {
    const parsed = parseJsonLinesAs(schema, chunk.text);
    values.push(...parsed.lines.map((l) => l.value));
    problems.push(...parsed.problems.map((p) => ({ file: chunk.path, ...p, ...(chunk.cut ? { message: `${p.message} (line counted from where the bounded read began)` } : {}) })));
  }
  return { values, problems };
}
