import { describe, expect, it } from '@jest/globals';
import { chosenLetter, firstNumber, gradePrediction, normalizeAnswer } from './graders.js';
import { splitThink } from './think.js';

describe('splitThink', () => {
  it('takes the reasoning out and counts it', () => {
    // "<think>" is 7 characters, "ab c" 4, "</think>" 8: the answer starts at 7 + 4 + 8 = 19.
    expect(splitThink('<think>ab c</think> Paris')).toEqual({
      answer: ' Paris', think: { present: true, closed: true, length: 4 }, answerStart: 19,
    });
  });
  it('treats text before a lone </think> as reasoning (template sent the opening tag)', () => {
    expect(splitThink('hmm</think>42')).toEqual({ answer: '42', think: { present: true, closed: true, length: 3 }, answerStart: 11 });
  });
  it('has no answer when the block never closes', () => {
    expect(splitThink('<think>still going')).toEqual({ answer: '', think: { present: true, closed: false, length: 11 }, answerStart: 18 });
  });
  it('leaves plain answers alone', () => {
    expect(splitThink('Paris')).toEqual({ answer: 'Paris', think: { present: false, closed: false, length: 0 }, answerStart: 0 });
  });
});

describe('gradePrediction', () => {
  it('exact: ignores think blocks, case and runs of whitespace', () => {
    expect(normalizeAnswer('  New\n  York ')).toBe('new york');
    expect(gradePrediction('<think>the capital…</think>\n  new   YORK ', 'New York')).toBe(true);
    expect(gradePrediction('New York City', 'New York')).toBe(false);
    expect(gradePrediction('<think>New York', 'New York')).toBe(false);
  });
  it('numeric: the first number, within the tolerance, thousands separators allowed', () => {
    expect(firstNumber('about 1,234.5 apples')).toBe(1234.5);
    expect(gradePrediction('The answer is 3.14159', '3.14', { type: 'numeric', tolerance: 0.01 })).toBe(true);
    expect(gradePrediction('The answer is 3.16', '3.14', { type: 'numeric', tolerance: 0.01 })).toBe(false);
    expect(gradePrediction('no idea', '3', { type: 'numeric', tolerance: 0 })).toBe(false);
  });
  it('choice: a letter in any usual form, or the option text', () => {
    expect(chosenLetter('(b) because')).toBe('B');
    expect(chosenLetter('Answer: C')).toBe('C');
    expect(chosenLetter('Blue', ['Red', 'Blue'])).toBe('B');
    expect(gradePrediction('B. Blue', 'B', { type: 'choice' })).toBe(true);
    expect(gradePrediction('A', 'B', { type: 'choice' })).toBe(false);
  });
  it('regex: on the think-stripped answer', () => {
    expect(gradePrediction('<think>x</think> colour: red', 'red', { type: 'regex', pattern: '^colou?r: red$', flags: 'i' })).toBe(true);
    expect(gradePrediction('color: blue', 'red', { type: 'regex', pattern: '^colou?r: red$', flags: '' })).toBe(false);
  });
});
