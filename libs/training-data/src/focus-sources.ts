import type { SkillFocus } from '@flywheel/contracts';
import type { PoolItem } from './generate-batch.js';
import { PROCEDURAL_GENERATORS, type Generator } from './procedural-generators.js';

/** A skill name as compared here: lower case, runs of anything but letters and digits as "_". */
export const skillName = (skill: string) => skill.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');

/**
 * Which procedural generators can write more of a skill, by the names production traffic is
 * tagged with (`x-flywheel-skill`). Only what the generators really produce is listed: a skill
 * outside this table (code, facts, creativity, …) gets focus lines only from the user's pools.
 */
export const FOCUS_GENERATORS: Readonly<Record<string, readonly string[]>> = {
  arithmetic: ['arithmetic'],
  math: ['arithmetic', 'word_problem'],
  mathematics: ['arithmetic', 'word_problem'],
  word_problem: ['word_problem'],
  word_problems: ['word_problem'],
  logic: ['syllogism'],
  reasoning: ['syllogism'],
  syllogism: ['syllogism'],
  syllogisms: ['syllogism'],
};

/** One weak skill with what can produce it: its items in the user's pools, then generators. */
export interface FocusSkill {
  skill: string;
  /** Its part of the focus lines, relative to the other sourced weak skills. */
  weight: number;
  pool: readonly PoolItem[];
  generators: readonly Generator[];
}

/** How a batch draws its focus lines; `unsourced` are weak skills nothing here can produce. */
export interface FocusPlan {
  /** Share of the batch's lines that are not mixed-in items given to the weak skills. */
  share: number;
  skills: FocusSkill[];
  unsourced: string[];
}

/**
 * The sources of each weak skill of `focus`: pool items tagged with it, and the generators
 * `FOCUS_GENERATORS` maps it to. Weak skills split the focus lines in proportion to their
 * `shares` in the file (equally when none of them has a positive share); a skill with no
 * source is listed in `unsourced` and its part goes to the others, so `share` holds whenever
 * any weak skill can be produced.
 */
export function planFocus(focus: SkillFocus, share: number, pools: readonly PoolItem[]): FocusPlan {
  const skills: FocusSkill[] = [];
  const unsourced: string[] = [];
  const seen = new Set<string>();
  for (const weak of focus.weak_skills) {
    const skill = skillName(weak);
    if (!skill || seen.has(skill)) continue;
    seen.add(skill);
    const pool = pools.filter((item) => skillName(item.skill) === skill);
    const generators = (FOCUS_GENERATORS[skill] ?? []).map((name) => PROCEDURAL_GENERATORS[name]!);
    if (pool.length === 0 && generators.length === 0) {
      unsourced.push(weak);
      continue;
    }
    skills.push({ skill: weak, weight: focus.shares[weak] ?? 0, pool, generators });
  }
  if (skills.every((s) => s.weight <= 0)) for (const s of skills) s.weight = 1;
  return { share, skills, unsourced };
}
