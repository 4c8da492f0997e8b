import { readArithmeticQuestion } from './arithmetic-question.js';
import { readChoices, goldenLetter } from './choice-checker.js';
import { exactAnswer, yesNoAnswer } from './exact-answer.js';
import { equals, parseRational, toDecimalString, type Rational } from './rational.js';
import { solveReverse } from './spelling-checker.js';
import { solveSyllogism } from './syllogism-checker.js';
import { solveWordProblem } from './word-problem-checker.js';

/** Why no checker could answer a question: counted per reason in the status files. */
export type UnverifiableReason =
  | 'no_checker'
  | 'multiple_choice_unsolved'
  | 'division_by_zero'
  | 'exponent_unsupported';

/**
 * What an independent checker says about a golden: `verified` (it solved the question and the
 * golden says the same), `wrong` (it solved it and the golden says otherwise) or
 * `unverifiable` (nothing here can solve it; the reason says why).
 */
export type Verdict =
  | { status: 'verified'; checker: Checker; expected: string }
  | { status: 'wrong'; checker: Checker; expected: string; reason: string }
  | { status: 'unverifiable'; reason: UnverifiableReason; detail: string };
export type Checker = 'arithmetic' | 'multiple_choice' | 'word_problem' | 'syllogism' | 'spelling';

const show = (r: Rational) => toDecimalString(r) ?? `${r.n}/${r.d}`;

function numeric(checker: Checker, expected: Rational, golden: string): Verdict {
  const stated = exactAnswer(golden);
  if (!stated) return { status: 'wrong', checker, expected: show(expected), reason: `the golden "${golden.slice(0, 40)}" is not a number; the answer is ${show(expected)}` };
  return equals(stated, expected)
    ? { status: 'verified', checker, expected: show(expected) }
    : { status: 'wrong', checker, expected: show(expected), reason: `the golden says ${show(stated)}; the answer is ${show(expected)}` };
}

/** Solves a multiple-choice item whose stem is a calculation: the one option equal to its value. */
function choice(prompt: string, golden: string): Verdict | null {
  const question = readChoices(prompt);
  if (!question) return null;
  const letter = goldenLetter(golden);
  const letters = question.options.map((o) => o.letter);
  if (!letter || !letters.includes(letter)) {
    return { status: 'wrong', checker: 'multiple_choice', expected: letters.join('/'), reason: `the golden "${golden.slice(0, 40)}" names none of the options ${letters.join(', ')}` };
  }
  const stem = readArithmeticQuestion(question.stem);
  if ('failure' in stem) return { status: 'unverifiable', reason: 'multiple_choice_unsolved', detail: `the stem is not a calculation the checker can do (${stem.detail})` };
  const matching = question.options.filter((o) => { const v = exactAnswer(o.text) ?? parseRational(o.text); return v !== null && equals(v, stem.value); });
  if (matching.length !== 1) {
    return { status: 'wrong', checker: 'multiple_choice', expected: show(stem.value), reason: `${matching.length} options equal the answer ${show(stem.value)}` };
  }
  const right = matching[0]!.letter;
  return right === letter
    ? { status: 'verified', checker: 'multiple_choice', expected: right }
    : { status: 'wrong', checker: 'multiple_choice', expected: right, reason: `the golden picks ${letter}; the answer ${show(stem.value)} is option ${right}` };
}

/**
 * Checks a golden against the question, by the checkers that can solve it: multiple choice
 * (the option letter), arithmetic (exact, rationals), the word-problem and syllogism shapes
 * the procedural generators write, and reversing a word's letters. The skill label is not trusted: a "general" line that is
 * a calculation is checked as one.
 */
export function verifyGolden(item: { prompt: string; golden: string }): Verdict {
  const asChoice = choice(item.prompt, item.golden);
  if (asChoice) return asChoice;
  const arithmetic = readArithmeticQuestion(item.prompt);
  if (!('failure' in arithmetic)) return numeric('arithmetic', arithmetic.value, item.golden);
  if (arithmetic.failure === 'division_by_zero' || arithmetic.failure === 'exponent_unsupported') {
    return { status: 'unverifiable', reason: arithmetic.failure, detail: arithmetic.detail };
  }
  const word = solveWordProblem(item.prompt);
  if (word) return numeric('word_problem', word, item.golden);
  const syllogism = solveSyllogism(item.prompt);
  if (syllogism) {
    const stated = yesNoAnswer(item.golden);
    return stated === syllogism
      ? { status: 'verified', checker: 'syllogism', expected: syllogism }
      : { status: 'wrong', checker: 'syllogism', expected: syllogism, reason: `the golden says "${item.golden.slice(0, 20)}"; the premises give ${syllogism}` };
  }
  const reversed = solveReverse(item.prompt);
  if (reversed !== null) {
    return item.golden.trim() === reversed
      ? { status: 'verified', checker: 'spelling', expected: reversed }
      : { status: 'wrong', checker: 'spelling', expected: reversed, reason: `the golden says "${item.golden.slice(0, 40)}"; reversed it is "${reversed}"` };
  }
  return { status: 'unverifiable', reason: 'no_checker', detail: arithmetic.detail };
}
