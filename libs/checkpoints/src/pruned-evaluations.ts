import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * `<statusDir>/evals/pruned.json`: how many checkpoints' evaluations `evaluation.keepCheckpoints`
 * has removed. `runLook` counts the run's checkpoints from the evaluations on record, so the
 * removed ones must still count, or the looks would stop growing and each later look would
 * spend the budget's share of an earlier one again.
 */
export const PRUNED_EVALUATIONS_FILE = 'pruned.json';

export async function prunedEvaluationCount(evalsDir: string): Promise<number> {
  const file = path.join(evalsDir, PRUNED_EVALUATIONS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let count: unknown;
  try {
    count = (JSON.parse(text) as { removed?: unknown }).removed;
  } catch {
    count = undefined;
  }
  if (!Number.isInteger(count) || (count as number) < 0) throw new Error(`${file}: "removed" must be a non-negative integer (the run's looks cannot be counted without it)`);
  return count as number;
}
