import { Example, formatIssuePath } from '@flywheel/contracts';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** A line of an example file that could not be used, and why. */
export interface RejectedLine {
  file: string;
  line: number;
  reason: string;
  text: string;
}

export interface ExampleSet {
  name: string;
  dir: string;
  examples: Example[];
  rejected: RejectedLine[];
  /** Fingerprint of the valid examples (content, not file names): a changed set is a new set. */
  id: string;
}

/**
 * Reads every `*.jsonl` file under `dir` (sorted by name), one example per line. A bad line
 * (not JSON, breaks the Example schema, or repeats an id) is rejected with its file, line and
 * reason; the rest load. Blank lines are ignored.
 */
export async function loadExampleSet(dir: string, name = path.basename(dir)): Promise<ExampleSet> {
  let entries: string[];
  try {
    entries = (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`example set "${name}": cannot read ${dir} (${code ?? String(error)})`);
  }
  const examples: Example[] = [];
  const rejected: RejectedLine[] = [];
  const seen = new Map<string, string>();
  for (const file of entries) {
    const full = path.join(dir, file);
    const lines = (await readFile(full, 'utf8')).split('\n');
    lines.forEach((text, index) => {
      if (text.trim() === '') return;
      const reject = (reason: string) => rejected.push({ file: full, line: index + 1, reason, text });
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        reject(`not JSON: ${(error as Error).message}`);
        return;
      }
      const parsed = Example.safeParse(json);
      if (!parsed.success) {
        reject(parsed.error.issues.map((i) => `${formatIssuePath(i.path) || '(line)'}: ${i.message}`).join('; '));
        return;
      }
      const where = `${full}:${index + 1}`;
      const first = seen.get(parsed.data.id);
      if (first) {
        reject(`id: "${parsed.data.id}" already used at ${first}`);
        return;
      }
      seen.set(parsed.data.id, where);
      examples.push(parsed.data);
    });
  }
  if (examples.length === 0 && rejected.length === 0) {
    throw new Error(`example set "${name}": no examples in ${dir} (expected *.jsonl files, one example per line)`);
  }
  return { name, dir, examples, rejected, id: fingerprintExamples(examples) };
}

/** Order-independent: the same examples in other files or another order are the same set. */
export function fingerprintExamples(examples: readonly Example[]): string {
  const lines = examples.map((e) => exampleFingerprint(e)).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 32);
}

/** Fingerprint of what an example asks and expects (its id included). */
export function exampleFingerprint(example: Example): string {
  return createHash('sha256').update(canonicalJson(example)).digest('hex').slice(0, 32);
}

/** JSON with object keys sorted, so equal values hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
