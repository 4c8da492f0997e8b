import { evaluateExact, type ArithmeticFailure, type NumberToken } from './exact-arithmetic.js';
import type { Rational } from './rational.js';

/** The ways of asking for a calculation the checker accepts before the expression. */
const LEAD = /^\s*(?:what\s+is|what's|how\s+much\s+is|compute|calculate|evaluate|work\s+out|find)(?:\s+the\s+value\s+of)?\s*:?\s*/i;
/** And after it: "?", ".", "=", "= ?". */
const TRAIL = /\s*(?:=\s*\??|\?|\.)?\s*$/;
/** An instruction about the form of the answer on the question's last line, which changes nothing about its value. */
const FORM = /\n\s*(?:answer with (?:the|a|just the|only the) number(?: only)?|give (?:only|just) the number|reply with the number only)\.?\s*$/i;

export type ArithmeticQuestion = { value: Rational; numbers: NumberToken[] };
export type NotArithmetic = { failure: ArithmeticFailure | 'not_a_calculation'; detail: string };

/**
 * Reads a question that asks for nothing but a calculation: "What is 45 × 12?", "Compute
 * (3.5 − 1) ^ 2.", "What is five plus seven?", "12 ÷ 4 =". Anything more — a year, a list
 * number, a unit, a name, a second sentence — and the question is not one the checker can
 * answer (it might be about something else), so it says so rather than guess.
 */
export function readArithmeticQuestion(full: string): ArithmeticQuestion | NotArithmetic {
  const form = FORM.exec(full);
  const prompt = form ? full.slice(0, form.index) : full;
  const lead = LEAD.exec(prompt);
  const trail = TRAIL.exec(prompt)!;
  const start = lead ? lead[0].length : 0;
  const end = Math.max(start, trail.index);
  const body = prompt.slice(start, end);
  if (!lead && !/=\s*\??\s*$/.test(prompt)) return { failure: 'not_a_calculation', detail: 'the question does not ask "what is …", "compute …" or "… =" ' };
  const result = evaluateExact(body, start);
  if ('failure' in result) return result;
  if (result.operators === 0) return { failure: 'not_a_calculation', detail: 'a lone number is not a calculation' };
  return { value: result.value, numbers: result.numbers };
}
