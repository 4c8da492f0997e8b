import { writeFileAtomic } from '@flywheel/status-store';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { TrainingFileScan } from './scan-training-file.js';

/**
 * Moves a scanned file's rejected lines to `<rejectedDir>/<file name>.rejected.jsonl` (each
 * with file, line, reason and the raw bytes) and rewrites the file with its valid lines only,
 * atomically: the trainer never sees a half-rewritten file, and nothing is lost.
 */
export async function quarantineRejected(scan: TrainingFileScan, rejectedDir: string): Promise<string | null> {
  if (scan.rejected.length === 0) return null;
  await mkdir(rejectedDir, { recursive: true });
  const target = path.join(rejectedDir, `${path.basename(scan.file)}.rejected.jsonl`);
  await appendFile(target, scan.rejected.map((r) => JSON.stringify(r)).join('\n') + '\n');
  await writeFileAtomic(scan.file, scan.valid.map((v) => v.text).join('\n') + (scan.valid.length ? '\n' : ''));
  return target;
}
