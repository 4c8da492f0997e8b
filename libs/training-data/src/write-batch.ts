import type { TrainingLine } from '@flywheel/contracts';
import { writeFileAtomic } from '@flywheel/status-store';
import path from 'node:path';

/**
 * Writes a batch into `queue/normal/` in one step (temp file in the same folder, fsync,
 * rename): the trainer sees the whole file or none. The name says when and which strategy.
 */
export async function writeBatch(normalDir: string, lines: readonly TrainingLine[], strategy: string, now = new Date()): Promise<string> {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const file = path.join(normalDir, `batch_${stamp}_${strategy}_${process.pid}_${Math.random().toString(36).slice(2, 6)}.jsonl`);
  await writeFileAtomic(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}
