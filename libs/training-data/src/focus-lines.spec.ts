import { describe, expect, it } from '@jest/globals';
import type { Difficulty, SkillFocus, TrainingLine } from '@flywheel/contracts';
import { strategyMix, type DifficultyMix } from './curriculum-strategies.js';
import { focusQuotas } from './focus-lines.js';
import { planFocus } from './focus-sources.js';
import { generateBatch, promptKey, type PoolItem } from './generate-batch.js';

const focusOn = (weak: string[], shares: Record<string, number>): SkillFocus => ({
  generated_at: '2026-11-25T10:00:00.000Z', level: 'WARNING', weak_skills: weak, shares, boost: 3, reason: 'test',
});
const item = (prompt: string, difficulty: Difficulty, skill: string): PoolItem => ({ prompt, golden: 'x', difficulty, skill, source: 'pool' });
const focusOf = (line: TrainingLine) => (line as TrainingLine & { focus?: string }).focus;
const LEVELS = ['easy', 'medium', 'hard'] as const;
const counts = (lines: readonly TrainingLine[]) => {
  const c = { easy: 0, medium: 0, hard: 0 };
  for (const line of lines) c[line.difficulty!]++;
  return c;
};
// χ² = Σ (observed − expected)² / expected, 2 degrees of freedom; 13.82 is its 0.1% point.
const chiSquared = (c: Record<Difficulty, number>, mix: DifficultyMix) => {
  const n = c.easy + c.medium + c.hard;
  return LEVELS.reduce((sum, d) => sum + (c[d] - n * mix[d]) ** 2 / (n * mix[d]), 0);
};

describe('focusQuotas', () => {
  it('splits in proportion, whole numbers summing to the total (largest remainder)', () => {
    expect(focusQuotas(30, [0.4, 0.2])).toEqual([20, 10]);
    // 25 × 2/3 = 16.67 and 25 × 1/3 = 8.33: the one left over goes to the larger remainder.
    expect(focusQuotas(25, [0.4, 0.2])).toEqual([17, 8]);
    // 10 / 3 = 3.33 each: a tie, so the first (worst) skill gets the extra one.
    expect(focusQuotas(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(focusQuotas(0, [1, 2])).toEqual([0, 0]);
    expect(focusQuotas(7, [0, 0])).toEqual([0, 0]);
  });
});

describe('planFocus', () => {
  it('maps weak skills to pool items, else generators, and reports those with neither', () => {
    const pools = [item('p1', 'easy', 'Logic'), item('p2', 'hard', 'creative writing'), item('p3', 'easy', 'other')];
    const plan = planFocus(focusOn(['logic', 'code', 'Math', 'creative-writing'], { logic: 0.4, code: 0.3, Math: 0.1, 'creative-writing': 0.1, other: 0.1 }), 0.3, pools);
    expect(plan.unsourced).toEqual(['code']);
    expect(plan.skills.map((s) => [s.skill, s.weight, s.pool.map((p) => p.prompt), s.generators.map((g) => g.name)])).toEqual([
      ['logic', 0.4, ['p1'], ['syllogism']],
      ['Math', 0.1, [], ['arithmetic', 'wordProblem']],
      ['creative-writing', 0.1, ['p2'], []],
    ]);
  });

  it('weighs weak skills equally when the file gives none of them a share', () => {
    const plan = planFocus(focusOn(['logic', 'arithmetic'], { other: 1 }), 0.3, []);
    expect(plan.skills.map((s) => s.weight)).toEqual([1, 1]);
  });
});

describe('generateBatch with a skill focus', () => {
  const adversarial = Array.from({ length: 50 }, (_, i) => ({ ...item(`adv ${i}`, 'hard', 'x'), source: 'adversarial' }));

  it('gives floor(share × non-mixed-in lines) to the weak skill, marked, right after the mixed-in items', () => {
    const focus = planFocus(focusOn(['logic'], { logic: 0.5, code: 0.5 }), 0.3, []);
    const batch = generateBatch({
      strategy: 'random_mix', mix: strategyMix('random_mix', { batchIndex: 0 }), size: 100, seed: 7,
      mixedIn: [{ items: adversarial, share: 0.1 }], pools: [], exclude: new Set(), focus,
    });
    expect(batch).toHaveLength(100);
    // 10 adversarial lines; 0.3 × 90 = 27 focus lines, from the syllogism generator ("logic").
    const focused = batch.filter((l) => focusOf(l) !== undefined);
    expect(focused).toHaveLength(27);
    expect(batch.slice(10, 37)).toEqual(focused);
    expect(focused.every((l) => focusOf(l) === 'logic' && l.skill === 'syllogism' && l.source === 'procedural:syllogism')).toBe(true);
    expect(batch.slice(0, 10).every((l) => l.source === 'adversarial' && focusOf(l) === undefined)).toBe(true);
  });

  it("splits the focus lines between weak skills by the file's shares", () => {
    const focus = planFocus(focusOn(['logic', 'arithmetic'], { logic: 0.4, arithmetic: 0.2, other: 0.4 }), 0.25, []);
    const batch = generateBatch({ strategy: 'random_mix', mix: strategyMix('random_mix', { batchIndex: 0 }), size: 100, seed: 3, mixedIn: [], pools: [], exclude: new Set(), focus });
    // 25 focus lines, 2:1 → 16.67 and 8.33 → 17 logic and 8 arithmetic (largest remainder).
    expect(batch.filter((l) => focusOf(l) === 'logic')).toHaveLength(17);
    expect(batch.filter((l) => focusOf(l) === 'arithmetic' && l.source === 'procedural:arithmetic')).toHaveLength(8);
  });

  it("takes the skill's pool items of the drawn difficulty first, skipping excluded ones, then generates", () => {
    const hardPool = Array.from({ length: 5 }, (_, i) => item(`logic pool ${i}`, 'hard', 'logic'));
    const easyPool = Array.from({ length: 3 }, (_, i) => item(`easy logic pool ${i}`, 'easy', 'logic'));
    const allHard = { easy: 0, medium: 0, hard: 1 };
    const focus = planFocus(focusOn(['logic'], { logic: 1 }), 0.3, [...hardPool, ...easyPool]);
    const batch = generateBatch({
      strategy: 'hard_first', mix: allHard, size: 100, seed: 9, mixedIn: [], pools: [...hardPool, ...easyPool],
      exclude: new Set([promptKey('logic pool 2')]), focus,
    });
    // 30 hard slots: the 4 hard pool items not excluded, then 26 generated hard syllogisms.
    const focused = batch.filter((l) => focusOf(l) === 'logic');
    expect(focused).toHaveLength(30);
    expect(focused.filter((l) => l.source === 'pool').map((l) => l.messages[0]!.content).sort()).toEqual(['logic pool 0', 'logic pool 1', 'logic pool 3', 'logic pool 4']);
    expect(focused.filter((l) => l.source === 'procedural:syllogism')).toHaveLength(26);
    expect(focused.every((l) => l.difficulty === 'hard')).toBe(true);
  });

  it("keeps the strategy's difficulty mix in the focus lines and in the batch (chi-squared)", () => {
    const mix = strategyMix('hard_first', { batchIndex: 0 });
    const focus = planFocus(focusOn(['math'], { math: 1 }), 0.5, []);
    const batch = generateBatch({ strategy: 'hard_first', mix, size: 3000, seed: 21, mixedIn: [], pools: [], exclude: new Set(), focus });
    const focused = batch.filter((l) => focusOf(l) === 'math');
    expect(focused).toHaveLength(1500);
    expect(new Set(focused.map((l) => l.skill))).toEqual(new Set(['arithmetic', 'word_problem']));
    expect(chiSquared(counts(focused), mix)).toBeLessThan(13.82);
    expect(chiSquared(counts(batch), mix)).toBeLessThan(13.82);
    // A focus that ignored the mix (a third each) would be rejected by the same statistic.
    expect(chiSquared(counts(focused), { easy: 1 / 3, medium: 1 / 3, hard: 1 / 3 })).toBeGreaterThan(13.82);
  });

  it('leaves a slot to the regular draw rather than borrow a difficulty a pool-only skill lacks', () => {
    const easyCode = Array.from({ length: 200 }, (_, i) => item(`code task ${i}`, 'easy', 'code'));
    const focus = planFocus(focusOn(['code'], { code: 1 }), 0.5, easyCode);
    const batch = generateBatch({
      strategy: 'random_mix', mix: strategyMix('random_mix', { batchIndex: 0 }), size: 300, seed: 4, mixedIn: [], pools: [], exclude: new Set(), focus,
    });
    const focused = batch.filter((l) => focusOf(l) === 'code');
    expect(batch).toHaveLength(300);
    expect(focused.every((l) => l.difficulty === 'easy')).toBe(true);
    // 150 slots each easy with p = 1/3: Binomial(150, 1/3), mean 50, sd 5.77; 27–73 is ±4 sd
    // (outside with probability < 1e-4). Borrowing difficulties would give all 150.
    expect(focused.length).toBeGreaterThanOrEqual(27);
    expect(focused.length).toBeLessThanOrEqual(73);
  });

  it('draws nothing when the share is 0: the batch is the one without a focus, line for line', () => {
    const input = { strategy: 'random_mix' as const, mix: strategyMix('random_mix', { batchIndex: 0 }), size: 50, seed: 12, mixedIn: [{ items: adversarial, share: 0.1 }], pools: [] };
    const without = generateBatch({ ...input, exclude: new Set() });
    const zero = generateBatch({ ...input, exclude: new Set(), focus: planFocus(focusOn(['logic'], { logic: 1 }), 0, []) });
    expect(zero).toEqual(without);
    expect(without.some((l) => 'focus' in l)).toBe(false);
  });
});
