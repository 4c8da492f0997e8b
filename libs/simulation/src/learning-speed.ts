import { readFile } from 'node:fs/promises';

/** Shares of easy, medium and hard lines in a batch (sums to 1; a batch without difficulties counts as a third each). */
export type BatchMix = { easy: number; medium: number; hard: number };

/**
 * How fast the simulated model learns from a batch, relative to the nominal steps: the
 * simulator's stand-in for "some curricula train better". Easy lines alone teach little and
 * hard lines alone are mostly beyond the model, so a batch teaches in proportion to how much
 * of both it holds: speed = 0.6 + 4.2 · min(easy, hard). An even third each gives 2.0, the
 * fastest; 50/30/20 gives 1.44; a 70/20/10 or 10/20/70 batch gives 1.02. Of the five
 * strategies `random_mix` (always a third each) is then the one to find; `interleaved`,
 * `easy_to_hard` and `hard_first` sit near 1. `adaptive` comes close: while the loss falls (as
 * it does throughout a simulated run) it asks for 30/30/40, about 1.8 on a 100-line batch
 * against random_mix's 1.9 (sampled batches are rarely exactly a third each).
 */
export function simulatedLearningSpeed(mix: BatchMix): number {
  return 0.6 + 4.2 * Math.min(mix.easy, mix.hard);
}

/** The difficulty mix of a batch file's lines (by their `difficulty`; others count as medium). */
export async function batchMixOf(file: string): Promise<{ mix: BatchMix; lines: number; strategy: string | null }> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const counts = { easy: 0, medium: 0, hard: 0 };
  let lines = 0;
  let strategy: string | null = null;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    lines++;
    try {
      const value = JSON.parse(line) as { difficulty?: unknown; strategy?: unknown };
      const d = value.difficulty === 'easy' || value.difficulty === 'hard' ? value.difficulty : 'medium';
      counts[d]++;
      if (strategy === null && typeof value.strategy === 'string') strategy = value.strategy;
    } catch {
      counts.medium++;
    }
  }
  if (lines === 0) return { mix: { easy: 1 / 3, medium: 1 / 3, hard: 1 / 3 }, lines, strategy };
  return { mix: { easy: counts.easy / lines, medium: counts.medium / lines, hard: counts.hard / lines }, lines, strategy };
}
