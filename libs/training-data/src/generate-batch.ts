import type { Difficulty, TrainingLine } from '@flywheel/contracts';
import { seededRandom } from '@flywheel/statistics';
import type { DifficultyMix, Strategy } from './curriculum-strategies.js';
import { addFocusLines } from './focus-lines.js';
import type { FocusPlan } from './focus-sources.js';
import { PROCEDURAL_GENERATORS, type GeneratedTask } from './procedural-generators.js';

/** A pool line offered to a batch: from the user's pools, the adversarial miner or self-correction. */
export interface PoolItem {
  prompt: string;
  golden: string;
  difficulty: Difficulty;
  skill: string;
  source: string;
}

export interface BatchInput {
  strategy: Strategy;
  mix: DifficultyMix;
  size: number;
  seed: number;
  /** Extra items by source name with the share of the batch they may fill (0–1). */
  mixedIn: { items: readonly PoolItem[]; share: number }[];
  /** User pools sampled by difficulty before the procedural generators are used. */
  pools: readonly PoolItem[];
  /** Normalised prompts that must not appear (validation set, recent batches). */
  exclude: Set<string>;
  /** production-monitor's skill focus, when one is in force (`planFocus`). */
  focus?: FocusPlan;
}

export const promptKey = (prompt: string) => prompt.trim().replace(/\s+/g, ' ').toLowerCase();

type BatchItem = { prompt: string; golden: string; difficulty: Difficulty; skill: string; source: string; focus?: string };

/** A training line in ChatML, with where it came from (and the weak skill it was drawn for, if any). */
export function toTrainingLine(item: BatchItem, strategy: Strategy): TrainingLine {
  return {
    messages: [{ role: 'user', content: item.prompt }, { role: 'assistant', content: item.golden }],
    difficulty: item.difficulty,
    skill: item.skill,
    source: item.source,
    strategy,
    ...(item.focus === undefined ? {} : { focus: item.focus }),
  } as TrainingLine;
}

/**
 * One batch: first the mixed-in items (adversarial, corrections) up to their shares; while a
 * skill focus is in force, its share of the remaining lines from the weak skills
 * (`addFocusLines`, marked `focus`); then, per example, a difficulty drawn from the strategy's
 * mix and an item of that difficulty from the user's pools, else a procedural task. Nothing in `exclude` (the validation set, recent
 * batches) or already in the batch is used. Seeded: the same input gives the same batch.
 */
export function generateBatch(input: BatchInput): TrainingLine[] {
  const random = seededRandom(input.seed);
  const out: TrainingLine[] = [];
  const used = new Set(input.exclude);
  const take = (item: BatchItem) => {
    const key = promptKey(item.prompt);
    if (used.has(key)) return false;
    used.add(key);
    out.push(toTrainingLine(item, input.strategy));
    return true;
  };
  for (const { items, share } of input.mixedIn) {
    const quota = Math.floor(input.size * share);
    let added = 0;
    for (const item of items) {
      if (added >= quota) break;
      if (take(item)) added++;
    }
  }
  if (input.focus) addFocusLines(input.focus, input.size - out.length, input.mix, random, take);
  const pools = new Map<Difficulty, PoolItem[]>([['easy', []], ['medium', []], ['hard', []]]);
  for (const item of input.pools) pools.get(item.difficulty)!.push(item);
  const generators = Object.values(PROCEDURAL_GENERATORS);
  let attempts = 0;
  while (out.length < input.size && attempts++ < input.size * 20) {
    const u = random();
    const difficulty: Difficulty = u < input.mix.easy ? 'easy' : u < input.mix.easy + input.mix.medium ? 'medium' : 'hard';
    const pool = pools.get(difficulty)!;
    if (pool.length > 0 && random() < 0.5) {
      take(pool[Math.floor(random() * pool.length)]!);
      continue;
    }
    const task: GeneratedTask = generators[Math.floor(random() * generators.length)]!(difficulty, random);
    take({ ...task, source: task.generator });
  }
  return out;
}
