import { formatIssuePath, TrainingLine } from '@flywheel/contracts';
import { readFile } from 'node:fs/promises';

export interface RejectedTrainingLine {
  file: string;
  /** 1-based. */
  line: number;
  reason: string;
  /** The line as it was: text, or base64 when it is not valid UTF-8. */
  raw: string;
  encoding: 'utf8' | 'base64';
}

export interface TrainingFileScan {
  file: string;
  lines: number;
  valid: { line: number; value: TrainingLine; text: string }[];
  rejected: RejectedTrainingLine[];
  /** Things that were tolerated but worth knowing (BOM, CRLF, empty file). */
  notes: { line: number | null; message: string }[];
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a queued training file line by line (as bytes, so one bad line cannot hide the
 * others) and sorts each line into valid or rejected with the reason: not UTF-8, longer than
 * `maxLineBytes`, not JSON (a truncated line), or not a ChatML training line (the field named).
 * A BOM and CRLF line endings are tolerated and noted.
 */
export async function scanTrainingFile(file: string, maxLineBytes: number): Promise<TrainingFileScan> {
  let bytes = await readFile(file);
  const scan: TrainingFileScan = { file, lines: 0, valid: [], rejected: [], notes: [] };
  if (bytes.subarray(0, 3).equals(BOM)) {
    bytes = bytes.subarray(3);
    scan.notes.push({ line: 1, message: 'UTF-8 byte-order mark at the start of the file (ignored)' });
  }
  if (bytes.length === 0) {
    scan.notes.push({ line: null, message: 'empty file' });
    return scan;
  }
  let crlf = 0;
  let start = 0;
  let number = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    number += 1;
    let line = bytes.subarray(start, end);
    start = end + 1;
    if (line.length > 0 && line[line.length - 1] === 0x0d) {
      line = line.subarray(0, line.length - 1);
      crlf += 1;
    }
    if (line.length === 0) continue;
    scan.lines += 1;
    const reject = (reason: string, encoding: 'utf8' | 'base64' = 'utf8') =>
      scan.rejected.push({ file, line: number, reason, raw: encoding === 'utf8' ? line.toString('utf8') : line.toString('base64'), encoding });
    if (line.length > maxLineBytes) {
      reject(`line is ${line.length} bytes, over the ${maxLineBytes}-byte limit`);
      continue;
    }
    let text: string;
    try {
      text = utf8.decode(line);
    } catch {
      reject('not valid UTF-8', 'base64');
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      reject(`not JSON (truncated?): ${(error as Error).message}`);
      continue;
    }
    const parsed = TrainingLine.safeParse(json);
    if (!parsed.success) {
      reject(parsed.error.issues.map((i) => `${formatIssuePath(i.path) || '(line)'}: ${i.message}`).join('; '));
      continue;
    }
    scan.valid.push({ line: number, value: parsed.data, text });
  }
  if (crlf > 0) scan.notes.push({ line: null, message: `${crlf} line(s) end in CRLF (tolerated)` });
  return scan;
}
