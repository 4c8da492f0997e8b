import { describe, expect, it } from '@jest/globals';
import { readArithmeticQuestion } from './arithmetic-question.js';
import { evaluateExact } from './exact-arithmetic.js';
import { exactAnswer } from './exact-answer.js';
import { numberFromWords } from './number-words.js';
import { parseRational, rational, toDecimalString } from './rational.js';

const value = (text: string) => {
  const r = evaluateExact(text);
  return 'failure' in r ? r.failure : toDecimalString(r.value) ?? `${r.value.n}/${r.value.d}`;
};

describe('exact arithmetic', () => {
  it.each([
    ['45 × 12', '540'],
    ['45 * 12', '540'],
    ['(200 − 15) × 3 + 7', '562'],
    ['0.1 + 0.2', '0.3'], // a float gives 0.30000000000000004
    ['10 ÷ 4', '2.5'],
    ['1 / 3', '1/3'],
    ['2 ^ 10', '1024'],
    ['2 ** -2', '0.25'],
    ['-2 ^ 2', '-4'],
    ['(-2) ^ 2', '4'],
    ['2 ^ 3 ^ 2', '512'],
    ['-3 - -4', '1'],
    ['1,000 + 2', '1002'],
    ['3.50 × 2', '7'],
    ['five plus seven', '12'],
    ['twenty-one times three', '63'],
    ['one hundred and five minus negative five', '110'],
    ['12 divided by 4', '3'],
    ['2 to the power of 5', '32'],
    ['6 ⋅ 7', '42'],
  ])('%s = %s', (text, want) => expect(value(text)).toBe(want));

  it.each([
    ['5 / 0', 'division_by_zero'],
    ['2 ^ 0.5', 'exponent_unsupported'],
    ['0 ^ -1', 'exponent_unsupported'],
    ['2 ^ 100', 'exponent_unsupported'],
    ['5km + 3km', 'not_an_expression'],
    ['3rd + 4', 'not_an_expression'],
    ['x2 + 1', 'not_an_expression'],
    ['5²', 'not_an_expression'],
    ['٣ + ٤', 'not_an_expression'],
    ['2(3 + 4)', 'not_an_expression'],
    ['(2 + 3', 'not_an_expression'],
    ['1,2 + 3', 'not_an_expression'],
    ['2 + ', 'not_an_expression'],
    ['10–12', 'not_an_expression'], // an en dash is a range, not a minus
  ])('%s fails: %s', (text, want) => expect(value(text)).toBe(want));

  it('keeps where each number is, for a variant', () => {
    const r = evaluateExact('12 + seven', 10);
    expect('numbers' in r && r.numbers.map((n) => [n.start, n.end, n.words])).toEqual([[10, 12, false], [15, 20, true]]);
  });
});

describe('number words', () => {
  it.each([
    [['forty-two'], 42n], [['one', 'hundred', 'and', 'five'], 105n], [['two', 'thousand', 'twenty'], 2020n],
    [['zero'], 0n], [['nineteen'], 19n], [['three', 'million', 'two', 'hundred', 'thousand'], 3_200_000n],
  ])('%j = %s', (words, want) => expect(numberFromWords(words)).toBe(want));
  it.each([[['five', 'five']], [['hundred']], [['twenty', 'thirty']], [['and']], [['thousand', 'million']], [['ten', 'five']]])(
    '%j is not a number', (words) => expect(numberFromWords(words)).toBeNull());
});

describe('rationals', () => {
  it('parses and prints exactly', () => {
    expect(parseRational('-3.50')).toEqual(rational(-7n, 2n));
    expect(parseRational('7/4')).toEqual(rational(7n, 4n));
    expect(parseRational('1/0')).toBeNull();
    expect(parseRational('1,00')).toBeNull();
    expect(toDecimalString(rational(1n, 8n))).toBe('0.125');
    expect(toDecimalString(rational(-1n, 20n))).toBe('-0.05');
    expect(toDecimalString(rational(2n, 3n))).toBeNull();
  });
  it('reads a golden as a number: "42." is 42', () => {
    expect(exactAnswer('42.')).toEqual(rational(42n));
    expect(exactAnswer('The answer is 540.')).toEqual(rational(540n));
    expect(exactAnswer('negative twelve')).toEqual(rational(-12n));
    expect(exactAnswer('42 apples')).toBeNull();
  });
});

describe('arithmetic questions', () => {
  const read = (q: string) => { const r = readArithmeticQuestion(q); return 'failure' in r ? r.failure : toDecimalString(r.value); };
  it.each([
    ['What is 45 × 12?', '540'],
    ['what is five plus seven?', '12'],
    ['Compute (3.5 − 1) ^ 2.', '6.25'],
    ['Calculate: 100 / 8', '12.5'],
    ['12 ÷ 4 =', '3'],
    ['What is -7 + 2?', '-5'],
    ['What is 12 + 6?\nAnswer with the number only.\n', '18'],
  ])('%s → %s', (q, want) => expect(read(q)).toBe(want));
  it.each([
    ['In 1969, what is 2 + 3?', 'not_a_calculation'],
    ['What year did Apollo 11 land?', 'not_a_calculation'],
    ['1. What is 3 + 4?', 'not_a_calculation'],
    ['What is 5 km + 3 km?', 'not_an_expression'],
    ['What is 1969?', 'not_a_calculation'],
    ['What is 2 + 3? Explain.', 'not_an_expression'],
    ['What is COVID19 + 1?', 'not_an_expression'],
    ['How many legs do 3 spiders have?', 'not_a_calculation'],
  ])('%s is not a calculation (%s)', (q, want) => expect(read(q)).toBe(want));
});
