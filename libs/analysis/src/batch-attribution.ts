import { STRATEGIES, type Strategy } from '@flywheel/training-data';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export interface ConsumedBatch {
  file: string;
  strategy: Strategy | null;
  /** When the trainer took it (the file's move into queue/processed/). */
  at: number;
}

export interface CheckpointTime {
  checkpoint: string;
  /** When it was saved (its trainer_state.json). */
  at: number;
}

/** The strategy a batch was made with: its file name (`batch_<time>_<strategy>_…`), else its first line's `strategy`. */
async function batchStrategy(file: string): Promise<Strategy | null> {
  const fromName = STRATEGIES.find((s) => path.basename(file).includes(`_${s}_`));
  if (fromName) return fromName;
  const first = (await readFile(file, 'utf8').catch(() => '')).split('\n', 1)[0] ?? '';
  try {
    const value = (JSON.parse(first) as { strategy?: unknown }).strategy;
    return (STRATEGIES as readonly unknown[]).includes(value) ? (value as Strategy) : null;
  } catch {
    return null;
  }
}

/** Every batch the trainer consumed, oldest first. */
export async function consumedBatches(processedDir: string): Promise<ConsumedBatch[]> {
  const names = (await readdir(processedDir).catch(() => [] as string[])).filter((n) => n.endsWith('.jsonl'));
  const out = await Promise.all(names.map(async (name) => {
    const file = path.join(processedDir, name);
    return { file, strategy: await batchStrategy(file), at: (await stat(file)).mtimeMs };
  }));
  return out.sort((a, b) => a.at - b.at);
}

/**
 * Which strategies made the data each checkpoint trained on: the batches taken after the
 * previous checkpoint was saved and up to this one, as shares. The first checkpoint gets the
 * batches taken before it. A checkpoint with no known batch gets no weights (no reward).
 */
export function attributeBatches(checkpoints: readonly CheckpointTime[], batches: readonly ConsumedBatch[]): Partial<Record<Strategy, number>>[] {
  return checkpoints.map((c, i) => {
    const from = i === 0 ? -Infinity : checkpoints[i - 1]!.at;
    const mine = batches.filter((b) => b.strategy && b.at > from && b.at <= c.at);
    const weights: Partial<Record<Strategy, number>> = {};
    for (const b of mine) weights[b.strategy!] = (weights[b.strategy!] ?? 0) + 1 / mine.length;
    return weights;
  });
}
