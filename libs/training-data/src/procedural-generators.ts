import type { Difficulty } from '@flywheel/contracts';
import { seededRandom } from '@flywheel/statistics';

/** A generated task: its question, its exact answer, and how to recompute the answer from `params`. */
export interface GeneratedTask {
  generator: string;
  difficulty: Difficulty;
  skill: string;
  prompt: string;
  golden: string;
  /** What the task was built from, so a test (or a reviewer) can recompute the golden. */
  params: Record<string, unknown>;
}

export type Generator = (difficulty: Difficulty, random: () => number) => GeneratedTask;

const int = (random: () => number, lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

/** Arithmetic: easy a+b (1–2 digits), medium a×b (2 by 1–2 digits), hard (a − b) × c + d (3 digits). */
export const arithmetic: Generator = (difficulty, random) => {
  if (difficulty === 'easy') {
    const [a, b] = [int(random, 1, 99), int(random, 1, 99)];
    return task('arithmetic', difficulty, `What is ${a} + ${b}?`, a + b, { op: 'add', a, b });
  }
  if (difficulty === 'medium') {
    const [a, b] = [int(random, 12, 99), int(random, 3, 29)];
    return task('arithmetic', difficulty, `What is ${a} × ${b}?`, a * b, { op: 'mul', a, b });
  }
  const [a, b, c, d] = [int(random, 200, 999), int(random, 10, 199), int(random, 3, 12), int(random, 1, 99)];
  return task('arithmetic', difficulty, `What is (${a} − ${b}) × ${c} + ${d}?`, (a - b) * c + d, { op: 'mixed', a, b, c, d });
};

const NAMES = ['Ada', 'Bo', 'Chen', 'Dara', 'Eli', 'Fay'];
const THINGS = ['apples', 'books', 'coins', 'marbles', 'stamps'];

/** Word problems: one step (easy), two steps (medium), three steps with a division (hard). */
export const wordProblem: Generator = (difficulty, random) => {
  const name = NAMES[int(random, 0, NAMES.length - 1)]!;
  const thing = THINGS[int(random, 0, THINGS.length - 1)]!;
  const start = int(random, 5, 40);
  const got = int(random, 2, 30);
  if (difficulty === 'easy') {
    return task('word_problem', difficulty, `${name} has ${start} ${thing} and gets ${got} more. How many ${thing} does ${name} have now?`, start + got, { start, got });
  }
  const gave = int(random, 1, start + got - 1);
  if (difficulty === 'medium') {
    return task('word_problem', difficulty,
      `${name} has ${start} ${thing}, gets ${got} more, then gives away ${gave}. How many ${thing} are left?`, start + got - gave, { start, got, gave });
  }
  const groups = int(random, 2, 6);
  const total = (start + got - gave) * groups;
  return task('word_problem', difficulty,
    `${groups} friends each have ${start} ${thing}, each gets ${got} more and each gives away ${gave}. ` +
    `They pool what is left and share it equally among ${groups * 2} people. How many ${thing} does each person get?`,
    total / (groups * 2), { start, got, gave, groups }, Number.isInteger(total / (groups * 2)) ? undefined : 2);
};

const CLASSES = ['bloops', 'razzles', 'lazzies', 'snarks', 'wugs', 'tovs', 'gribs'];

/**
 * Syllogisms over made-up words (no world knowledge helps): a chain of "All X are Y" of
 * length 2 (easy), 3 (medium) or 4 with a distractor premise (hard); the answer is yes/no.
 */
export const syllogism: Generator = (difficulty, random) => {
  const length = difficulty === 'easy' ? 2 : difficulty === 'medium' ? 3 : 4;
  const pool = [...CLASSES].sort(() => random() - 0.5).slice(0, length + 2);
  const chain = pool.slice(0, length + 1);
  const premises = chain.slice(0, -1).map((x, i) => `All ${x} are ${chain[i + 1]}.`);
  if (difficulty === 'hard') premises.push(`Some ${pool[length + 1]} are ${chain[0]}.`);
  const follows = random() < 0.5;
  // "No" case: ask in the wrong direction, which the premises do not support.
  const [subject, object] = follows ? [chain[0]!, chain.at(-1)!] : [chain.at(-1)!, chain[0]!];
  const shuffled = [...premises].sort(() => random() - 0.5);
  return task('syllogism', difficulty, `${shuffled.join(' ')} Does it follow that all ${subject} are ${object}? Answer yes or no.`,
    follows ? 'yes' : 'no', { chain, asked: [subject, object] });
};

function task(skill: string, difficulty: Difficulty, prompt: string, answer: number | string, params: Record<string, unknown>, decimals?: number): GeneratedTask {
  const golden = typeof answer === 'number' ? (decimals ? answer.toFixed(decimals) : String(answer)) : answer;
  return { generator: `procedural:${skill}`, difficulty, skill, prompt, golden, params };
}

export const PROCEDURAL_GENERATORS: Record<string, Generator> = { arithmetic, word_problem: wordProblem, syllogism };

/** A seeded source of randomness for a batch, so a batch can be regenerated exactly. */
export const batchRandom = (seed: number) => seededRandom(seed);
