import { numberFromWords } from './number-words.js';
import { parseRational, rational, type Rational } from './rational.js';

/**
 * The number a golden states, exactly: "42", "42.", "-3.50", "1,000", "7/4", "forty-two",
 * "The answer is 42.", "Answer: 42". Null when the golden is not just a number.
 */
export function exactAnswer(golden: string): Rational | null {
  const t = golden.trim().replace(/^(?:the\s+answer\s+is|answer\s*:)\s*/i, '').replace(/\.\s*$/, '').trim();
  const number = parseRational(t);
  if (number) return number;
  const words = t.toLowerCase().split(/\s+/);
  const negative = words[0] === 'negative' || words[0] === 'minus';
  const value = numberFromWords(negative ? words.slice(1) : words);
  return value === null ? null : rational(negative ? -value : value);
}

/** "yes"/"no" from a golden ("Yes.", " no "), else null. */
export function yesNoAnswer(golden: string): 'yes' | 'no' | null {
  const t = golden.trim().toLowerCase().replace(/[.!]$/, '');
  return t === 'yes' || t === 'no' ? t : null;
}
