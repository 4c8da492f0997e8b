import { writeFileAtomic } from '@flywheel/status-store';
import path from 'node:path';
import type { RejectedLine } from './example-set.js';

/**
 * Keeps the rejected lines of an example set, each with its file, line and reason, in
 * `<dataDir>/quarantine/<set>.rejected.jsonl`, so nothing is lost and the fix is easy to find.
 * Rewritten on every load: it mirrors what is wrong now.
 */
export async function quarantineRejected(dataDir: string, setName: string, rejected: readonly RejectedLine[]): Promise<string | null> {
  const file = path.join(dataDir, 'quarantine', `${setName}.rejected.jsonl`);
  if (rejected.length === 0) return null;
  await writeFileAtomic(file, rejected.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}
