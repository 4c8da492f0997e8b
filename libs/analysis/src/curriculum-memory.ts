import { CurriculumCheckpoint, type ConsumedBatchRecord } from '@flywheel/contracts';
import { STRATEGIES, type Strategy } from '@flywheel/training-data';
import { improvementReward, lossReward, type RewardBasis, type StrategyObservation } from './strategy-bandit.js';

export type StrategyWeights = Partial<Record<Strategy, number>>;

/** The strategy a batch was made with: its record's, else its file name's (`batch_<time>_<strategy>_…`). */
export function recordStrategy(record: Pick<ConsumedBatchRecord, 'file' | 'strategy'>): Strategy | null {
  if (typeof record.strategy === 'string' && (STRATEGIES as readonly string[]).includes(record.strategy)) return record.strategy as Strategy;
  return STRATEGIES.find((s) => record.file.includes(`_${s}_`)) ?? null;
}

/**
 * Which strategies made the data a checkpoint trained on, by the trainer's own record: the
 * batches whose last trained step lies after the previous checkpoint's step and at or before
 * this one's, as shares. Null when no such batch is known (the checkpoint gets no reward).
 */
export function creditBatches(consumed: readonly ConsumedBatchRecord[], fromStep: number, toStep: number): StrategyWeights | null {
  const mine = consumed.map((b) => ({ b, s: recordStrategy(b) })).filter((x) => x.s && x.b.last_step > fromStep && x.b.last_step <= toStep);
  if (mine.length === 0) return null;
  const weights: StrategyWeights = {};
  for (const { s } of mine) weights[s!] = (weights[s!] ?? 0) + 1 / mine.length;
  return weights;
}

/**
 * The reward of `now` over `before`: the share of the golden loss removed when both have one
 * (the less noisy signal), else the share of the validation errors fixed; null with neither.
 */
export function checkpointReward(before: CurriculumCheckpoint, now: CurriculumCheckpoint): { reward: number; basis: RewardBasis } | null {
  if (before.golden_loss !== null && now.golden_loss !== null && before.golden_loss > 0) return { reward: lossReward(before.golden_loss, now.golden_loss), basis: 'golden_loss' };
  if (before.accuracy !== null && now.accuracy !== null) return { reward: improvementReward(before.accuracy, now.accuracy), basis: 'accuracy' };
  return null;
}

/**
 * The bandit's observations from everything remembered: checkpoints in step order, each
 * rewarded against the one before it (`checkpointReward`) and credited to the strategies of
 * the batches it trained on.
 */
export function observationsFrom(memory: ReadonlyMap<string, CurriculumCheckpoint>): StrategyObservation[] {
  const ordered = [...memory.values()].sort((a, b) => a.step - b.step);
  const out: StrategyObservation[] = [];
  for (let i = 1; i < ordered.length; i++) {
    const [before, now] = [ordered[i - 1]!, ordered[i]!];
    const reward = checkpointReward(before, now);
    if (!reward || !now.weights || Object.keys(now.weights).length === 0) continue;
    out.push({ ...reward, weights: now.weights as StrategyWeights });
  }
  return out;
}

/** The change of the validation loss between the two newest remembered checkpoints with one (positive: it got worse); null with fewer. */
export function lossTrend(memory: ReadonlyMap<string, CurriculumCheckpoint>): number | null {
  const losses = [...memory.values()].filter((c) => c.golden_loss !== null).sort((a, b) => a.step - b.step);
  if (losses.length < 2) return null;
  return Math.round((losses.at(-1)!.golden_loss! - losses.at(-2)!.golden_loss!) * 1e6) / 1e6;
}

/**
 * Checkpoints remembered at most: the bandit learns from the newest this many (a run's early
 * checkpoints say little about which data trains best now); a few hundred bytes each in Redis.
 */
export const CURRICULUM_CHECKPOINTS_MAX = 1_000;

/** Removes from `memory` (in place) all but the `max` checkpoints of the highest steps; returns the names removed. */
export function forgetOldest(memory: Map<string, CurriculumCheckpoint>, max: number): string[] {
  const oldest = [...memory.entries()].sort(([, a], [, b]) => b.step - a.step).slice(max).map(([name]) => name);
  for (const name of oldest) memory.delete(name);
  return oldest;
}

/** Parses the Redis hash; entries that do not parse are reported by checkpoint and left out. */
export function parseMemory(hash: Record<string, string>): { memory: Map<string, CurriculumCheckpoint>; problems: { source: string; message: string }[] } {
  const memory = new Map<string, CurriculumCheckpoint>();
  const problems: { source: string; message: string }[] = [];
  for (const [name, text] of Object.entries(hash)) {
    try {
      const parsed = CurriculumCheckpoint.safeParse(JSON.parse(text));
      if (parsed.success) memory.set(name, parsed.data);
      else problems.push({ source: `curriculum memory ${name}`, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    } catch (error) {
      problems.push({ source: `curriculum memory ${name}`, message: `not JSON: ${(error as Error).message}` });
    }
  }
  return { memory, problems };
}
