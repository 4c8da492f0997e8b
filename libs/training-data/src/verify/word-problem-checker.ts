import { rational, type Rational } from './rational.js';

const N = '(\\d+)';
const WORD = '([A-Za-z]+)';
/** The three shapes the procedural word-problem generator writes, read back by their own pattern. */
const SHAPES: { re: RegExp; answer: (n: number[]) => Rational }[] = [
  {
    re: new RegExp(`^${WORD} has ${N} ${WORD} and gets ${N} more\\. How many \\3 does \\1 have now\\?$`),
    answer: ([a, b]) => rational(BigInt(a! + b!)),
  },
  {
    re: new RegExp(`^${WORD} has ${N} ${WORD}, gets ${N} more, then gives away ${N}\\. How many \\3 are left\\?$`),
    answer: ([a, b, c]) => rational(BigInt(a! + b! - c!)),
  },
  {
    re: new RegExp(`^${N} friends each have ${N} ${WORD}, each gets ${N} more and each gives away ${N}\\. ` +
      `They pool what is left and share it equally among ${N} people\\. How many \\3 does each person get\\?$`),
    answer: ([groups, start, got, gave, people]) => rational(BigInt(groups! * (start! + got! - gave!)), BigInt(people!)),
  },
];

/** The answer to a word problem of a known shape, recomputed from its text; null for any other text. */
export function solveWordProblem(prompt: string): Rational | null {
  for (const shape of SHAPES) {
    const m = shape.re.exec(prompt.trim());
    if (!m) continue;
    const numbers = m.slice(1).filter((x) => /^\d+$/.test(x!)).map(Number);
    if (numbers.some((x) => !Number.isSafeInteger(x))) return null;
    const people = numbers.at(-1)!;
    if (shape === SHAPES[2] && people === 0) return null;
    return shape.answer(numbers);
  }
  return null;
}
