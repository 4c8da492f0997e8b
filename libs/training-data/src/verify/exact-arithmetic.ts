import { isNumberWord, numberFromWords } from './number-words.js';
import { add, div, mul, neg, pow, rational, sub, type Rational } from './rational.js';

/** A number as written in the expression, with where it is (for a variant that replaces it). */
export interface NumberToken {
  kind: 'number';
  value: Rational;
  start: number;
  end: number;
  /** Digits after the decimal point as written (0 for integers and number words). */
  decimals: number;
  /** Spelled out in words ("twelve"). */
  words: boolean;
}
type Op = '+' | '-' | '*' | '/' | '^' | '(' | ')' | 'neg';
type Token = NumberToken | { kind: 'op'; op: Op };

export type ArithmeticFailure = 'not_an_expression' | 'division_by_zero' | 'exponent_unsupported';
export type ArithmeticResult = { value: Rational; numbers: NumberToken[]; operators: number } | { failure: ArithmeticFailure; detail: string };

/** Operator characters, ASCII and Unicode: × ✕ ✖ ⨯ ∗ ⋅ · multiply, ÷ ∕ divide, − (U+2212) minus. */
const SYMBOLS: Record<string, Op> = {
  '+': '+', '-': '-', '\u2212': '-', '*': '*', '×': '*', '✕': '*', '✖': '*', '⨯': '*', '∗': '*', '⋅': '*', '·': '*',
  '/': '/', '÷': '/', '∕': '/', '^': '^', '(': '(', ')': ')',
};
/** Operator words, longest first. */
const WORD_OPS: [string[], Op][] = [
  [['to', 'the', 'power', 'of'], '^'], [['multiplied', 'by'], '*'], [['divided', 'by'], '/'],
  [['plus'], '+'], [['minus'], '-'], [['times'], '*'], [['negative'], 'neg'],
];
const NUMBER = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?/;

/**
 * Splits an expression into numbers and operators; a failure for anything else: a letter or
 * digit glued to a number ("3rd", "x2", "45km"), a word that is neither a number nor an
 * operator ("km", "year"), a non-ASCII digit or superscript ("²", "٣"), a comma list ("1,2").
 */
export function tokenize(text: string, offset = 0): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '*' && text[i + 1] === '*') { tokens.push({ kind: 'op', op: '^' }); i += 2; continue; }
    if (SYMBOLS[c]) { tokens.push({ kind: 'op', op: SYMBOLS[c]! }); i++; continue; }
    const number = /\d/.test(c) ? NUMBER.exec(text.slice(i)) : null;
    if (number) {
      const end = i + number[0].length;
      if (/^[\p{L}\p{N}_.,]/u.test(text.slice(end))) return `"${text.slice(i, end + 1)}": a number glued to other characters`;
      if (i > 0 && /[\p{L}\p{N}_]/u.test(text[i - 1]!)) return `"${text.slice(i - 1, end)}": a number inside a word`;
      const [whole, fraction = ''] = number[0].replace(/,/g, '').split('.');
      tokens.push({ kind: 'number', value: rational(BigInt(whole! + fraction), 10n ** BigInt(fraction.length)), start: offset + i, end: offset + end, decimals: fraction.length, words: false });
      i = end;
      continue;
    }
    const word = /^[A-Za-z]+(?:-[A-Za-z]+)*/.exec(text.slice(i));
    if (!word) return `"${c}" is not part of an arithmetic expression`;
    if (/^[\p{N}_]/u.test(text.slice(i + word[0].length))) return `"${text.slice(i, i + word[0].length + 1)}": a number inside a word`;
    // Collect the run of words from here, then read operator words and number words off it.
    const run: { w: string; start: number; end: number }[] = [];
    const re = /[A-Za-z]+(?:-[A-Za-z]+)*/y;
    let j = i;
    for (;;) {
      re.lastIndex = j;
      const m = re.exec(text);
      if (!m) break;
      run.push({ w: m[0].toLowerCase(), start: j, end: j + m[0].length });
      j += m[0].length;
      const gap = /^\s+/.exec(text.slice(j));
      if (!gap || !/^[A-Za-z]/.test(text.slice(j + gap[0].length))) break;
      j += gap[0].length;
    }
    let k = 0;
    while (k < run.length) {
      const op = WORD_OPS.find(([ws]) => ws.every((w, x) => run[k + x]?.w === w));
      if (op) { tokens.push({ kind: 'op', op: op[1] }); k += op[0].length; continue; }
      let e = k;
      while (e < run.length && (isNumberWord(run[e]!.w) || (run[e]!.w === 'and' && e > k))) e++;
      while (e > k && run[e - 1]!.w === 'and') e--;
      if (e === k) return `"${run[k]!.w}" is neither a number nor an operator`;
      const value = numberFromWords(run.slice(k, e).map((r) => r.w));
      if (value === null) return `"${run.slice(k, e).map((r) => r.w).join(' ')}" is not a well-formed number`;
      tokens.push({ kind: 'number', value: rational(value), start: offset + run[k]!.start, end: offset + run[e - 1]!.end, decimals: 0, words: true });
      k = e;
    }
    i = run.at(-1)!.end;
  }
  return tokens;
}

/**
 * Evaluates an arithmetic expression exactly (rationals, no floating point, no `eval`):
 * `+ - × ÷ * / ^ **`, parentheses, decimals, unary minus, number words and operator words
 * ("five plus seven", "negative three"). `^` binds tighter than unary minus (−2^2 = −4) and
 * is right-associative; an exponent must be a whole number of at most 64.
 */
export function evaluateExact(text: string, offset = 0): ArithmeticResult {
  const tokens = tokenize(text, offset);
  if (typeof tokens === 'string') return { failure: 'not_an_expression', detail: tokens };
  let at = 0;
  let failure: { failure: ArithmeticFailure; detail: string } | null = null;
  const fail = (f: ArithmeticFailure, detail: string) => { failure ??= { failure: f, detail }; return null; };
  const isOp = (op: Op) => { const t = tokens[at]; return t?.kind === 'op' && t.op === op; };
  const expression = (): Rational | null => {
    let value = term();
    while (value && (isOp('+') || isOp('-'))) {
      const op = (tokens[at++] as { op: Op }).op;
      const right = term();
      if (!right) return null;
      value = op === '+' ? add(value, right) : sub(value, right);
    }
    return value;
  };
  const term = (): Rational | null => {
    let value = unary();
    while (value && (isOp('*') || isOp('/'))) {
      const op = (tokens[at++] as { op: Op }).op;
      const right = unary();
      if (!right) return null;
      if (op === '*') value = mul(value, right);
      else value = div(value, right) ?? fail('division_by_zero', 'division by zero');
    }
    return value;
  };
  const unary = (): Rational | null => {
    if (isOp('-') || isOp('neg')) { at++; const v = unary(); return v && neg(v); }
    if (isOp('+')) { at++; return unary(); }
    return power();
  };
  const power = (): Rational | null => {
    const base = atom();
    if (!base || !isOp('^')) return base;
    at++;
    const exponent = unary();
    if (!exponent) return null;
    return pow(base, exponent) ?? fail('exponent_unsupported', 'an exponent must be a whole number of at most 64 (and 0 has no negative power)');
  };
  const atom = (): Rational | null => {
    const t = tokens[at++];
    if (t?.kind === 'number') return t.value;
    if (t?.kind === 'op' && t.op === '(') {
      const inner = expression();
      if (!inner) return null;
      return isOp(')') ? (at++, inner) : fail('not_an_expression', 'unbalanced parentheses');
    }
    return fail('not_an_expression', t ? 'an operator where a number belongs' : 'the expression ends early');
  };
  const value = expression();
  if (failure) return failure;
  if (!value) return { failure: 'not_an_expression', detail: 'not an expression' };
  if (at !== tokens.length) return { failure: 'not_an_expression', detail: 'two numbers or groups without an operator between them' };
  const numbers = tokens.filter((t): t is NumberToken => t.kind === 'number');
  const operators = tokens.filter((t) => t.kind === 'op' && t.op !== '(' && t.op !== ')').length;
  return { value, numbers, operators };
}
