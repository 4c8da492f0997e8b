import type { TrainingLine } from '@flywheel/contracts';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { admitLine, countAdmission, type AdmissionCounts, type AdmissionGuard, type RefusalKind } from './admit-line.js';

export interface Refused {
  line: TrainingLine;
  kind: RefusalKind;
  reason: string;
}

/** Admits what passes the guard; the rest is returned with its reasons (and counted). */
export function admitLines(lines: readonly TrainingLine[], guard: AdmissionGuard, counts: AdmissionCounts): { admitted: TrainingLine[]; refused: Refused[] } {
  const admitted: TrainingLine[] = [];
  const refused: Refused[] = [];
  for (const line of lines) {
    const a = admitLine(line, guard);
    countAdmission(counts, a);
    if (a.admitted) admitted.push(a.line);
    else refused.push({ line: a.line, kind: a.kind, reason: a.reason });
  }
  return { admitted, refused };
}

/**
 * Keeps what the guard refused, so nothing is lost: one line per refusal in
 * `<rejectedDir>/<target>.rejected.jsonl`, with the file it was meant for, the reason and the
 * (redacted) line. Returns that file, or null when nothing was refused.
 */
export async function keepRefused(rejectedDir: string, target: string, refused: readonly Refused[], now: Date): Promise<string | null> {
  if (refused.length === 0) return null;
  await mkdir(rejectedDir, { recursive: true });
  const file = path.join(rejectedDir, `${path.basename(target)}.rejected.jsonl`);
  await appendFile(file, refused.map((r) => JSON.stringify({ file: target, at: now.toISOString(), kind: r.kind, reason: r.reason, text: JSON.stringify(r.line) })).join('\n') + '\n');
  return file;
}
