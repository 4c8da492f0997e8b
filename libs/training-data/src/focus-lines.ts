import type { Difficulty } from '@flywheel/contracts';
import type { DifficultyMix } from './curriculum-strategies.js';
import type { FocusPlan } from './focus-sources.js';
import type { PoolItem } from './generate-batch.js';

const floor = Math.floor;

/** A difficulty drawn from a strategy's mix by a uniform number in [0, 1). */
export const drawDifficulty = (mix: DifficultyMix, u: number): Difficulty =>
  u < mix.easy ? 'easy' : u < mix.easy + mix.medium ? 'medium' : 'hard';

/**
 * `total` split in proportion to `weights` in whole numbers that sum to `total` (largest
 * remainder; ties go to the earlier weight, the monitor lists weak skills worst first).
 */
export function focusQuotas(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0 || total <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const quotas = exact.map((x) => floor(x));
  const left = total - quotas.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, rest: x - floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (let k = 0; k < left; k++) quotas[order[k]!.i]!++;
  return quotas;
}

/**
 * The focus lines of a batch whose other lines number `count`: `floor(plan.share × count)`
 * slots split between the weak skills. Each slot draws its difficulty from the strategy's mix,
 * then takes an unused pool item of that skill and difficulty, else a task from one of the
 * skill's generators. A slot the skill has nothing for at that difficulty (pool-only skills)
 * stays empty rather than borrowing another difficulty, so the mix holds; the regular draw
 * fills it. `take` adds an item to the batch and says whether it was new.
 */
export function addFocusLines(
  plan: FocusPlan,
  count: number,
  mix: DifficultyMix,
  random: () => number,
  take: (item: PoolItem & { focus: string }) => boolean,
): void {
  const quotas = focusQuotas(floor(plan.share * count), plan.skills.map((s) => s.weight));
  plan.skills.forEach((focus, index) => {
    const pools = new Map<Difficulty, PoolItem[]>([['easy', []], ['medium', []], ['hard', []]]);
    for (const item of focus.pool) pools.get(item.difficulty)!.push(item);
    for (let slot = 0; slot < quotas[index]!; slot++) {
      const difficulty = drawDifficulty(mix, random());
      const pool = pools.get(difficulty)!;
      // A few tries per slot: pool items may be excluded or already used, generators may repeat.
      for (let attempt = 0; attempt < 20; attempt++) {
        let item: PoolItem;
        if (pool.length > 0) {
          const pick = floor(random() * pool.length);
          item = pool[pick]!;
          pool[pick] = pool[pool.length - 1]!;
          pool.pop();
        } else if (focus.generators.length > 0) {
          const task = focus.generators[floor(random() * focus.generators.length)]!(difficulty, random);
          item = { prompt: task.prompt, golden: task.golden, difficulty: task.difficulty, skill: task.skill, source: task.generator };
        } else {
          break;
        }
        if (take({ ...item, focus: focus.skill })) break;
      }
    }
  });
}
