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
  /** The line's bytes, base64, when they are not valid UTF-8 (`text` then shows U+FFFD for them): nothing is lost. */
  raw_base64?: string;
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
    const lines = utf8Lines(await readFile(full));
    lines.forEach(({ text, invalidUtf8 }, index) => {
      if (text.trim() === '') return;
      const reject = (reason: string) => rejected.push({ file: full, line: index + 1, reason, text });
      if (invalidUtf8) {
        rejected.push({ file: full, line: index + 1, reason: `not valid UTF-8 (first bad byte at column ${invalidUtf8.column})`, text, raw_base64: invalidUtf8.raw.toString('base64') });
        return;
      }
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

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
const LENIENT_UTF8 = new TextDecoder('utf-8');

/**
 * A file's lines, each decoded as strict UTF-8: a leading byte-order mark (Windows editors,
 * Python's utf-8-sig) is not part of the first line, and a line with bytes that are not UTF-8 is
 * marked (with its raw bytes) instead of being silently "repaired" with U+FFFD.
 */
export function utf8Lines(bytes: Buffer): { text: string; invalidUtf8?: { column: number; raw: Buffer } }[] {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const out: { text: string; invalidUtf8?: { column: number; raw: Buffer } }[] = [];
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf(0x0a, start);
    if (end < 0) end = body.length;
    const raw = body.subarray(start, end);
    try {
      out.push({ text: STRICT_UTF8.decode(raw) });
    } catch {
      out.push({ text: LENIENT_UTF8.decode(raw), invalidUtf8: { column: firstInvalidByte(raw) + 1, raw: Buffer.from(raw) } });
    }
    start = end + 1;
  }
  return out;
}

/** Index of the first byte of the first sequence in `raw` that is not valid UTF-8. */
function firstInvalidByte(raw: Buffer): number {
  // A fresh decoder each time, in stream mode: a prefix that ends inside a character is not an error.
  let failed = raw.length;
  for (let i = 1; i <= raw.length; i++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(raw.subarray(0, i), { stream: true });
    } catch {
      failed = i - 1;
      break;
    }
  }
  // The decoder fails at the byte that broke a sequence; the bad sequence starts at its lead byte.
  let k = failed - 1;
  while (k >= 0 && failed - k <= 3 && (raw[k]! & 0xc0) === 0x80) k--;
  return k >= 0 && failed - k <= 3 && raw[k]! >= 0xc0 ? k : failed;
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
