import { describe, expect, it } from '@jest/globals';
import { verifyGolden } from './verify-golden.js';

const status = (prompt: string, golden: string) => { const v = verifyGolden({ prompt, golden }); return v.status === 'unverifiable' ? v.reason : v.status; };

describe('verifyGolden', () => {
  it('arithmetic: exact, numbers compared as numbers', () => {
    expect(status('What is 45 × 12?', '540')).toBe('verified');
    expect(status('What is 45 × 12?', '540.')).toBe('verified');
    expect(status('What is 45 × 12?', '45')).toBe('wrong'); // the old template's "first number" golden
    expect(status('What is 0.1 + 0.2?', '0.3')).toBe('verified');
    expect(status('What is 0.1 + 0.2?', '0.30000000000000004')).toBe('wrong');
    expect(status('What is 7 / 2?', 'three and a half')).toBe('wrong');
  });
  it('multiple choice: the option letter', () => {
    const q = 'What is 3 × 7?\nA. 20\nB. 21\nC. 24';
    expect(status(q, 'B')).toBe('verified');
    expect(status(q, '(B)')).toBe('verified');
    expect(status(q, 'A')).toBe('wrong');
    expect(status(q, '21')).toBe('wrong'); // the golden of a choice item is a letter
    expect(status(q, 'D')).toBe('wrong');
    expect(status('Which planet is largest? A. Mars B. Jupiter C. Venus', 'B')).toBe('multiple_choice_unsolved');
    expect(status('What is 2 + 2? A. 4 B. 4.0 C. 5', 'A')).toBe('wrong'); // two options are right
  });
  it('word problems and syllogisms of the generators\' shapes', () => {
    expect(status('Ada has 12 coins and gets 5 more. How many coins does Ada have now?', '17')).toBe('verified');
    expect(status('Bo has 10 books, gets 4 more, then gives away 3. How many books are left?', '11')).toBe('verified');
    expect(status('3 friends each have 5 stamps, each gets 2 more and each gives away 2. They pool what is left and share it equally among 6 people. How many stamps does each person get?', '2.50')).toBe('verified');
    expect(status('All wugs are tovs. All tovs are gribs. Does it follow that all wugs are gribs? Answer yes or no.', 'yes')).toBe('verified');
    expect(status('All wugs are tovs. All tovs are gribs. Does it follow that all gribs are wugs? Answer yes or no.', 'yes')).toBe('wrong');
    expect(status('All wugs are tovs. Some snarks are wugs. Does it follow that all snarks are tovs? Answer yes or no.', 'no')).toBe('verified');
  });
  it('spelling: a reversed word', () => {
    expect(status('Reverse the letters of "lamp".\nAnswer:', 'pmal')).toBe('verified');
    expect(status('Reverse the letters of "lamp".\nAnswer:', 'lamp')).toBe('wrong');
  });
  it('says why nothing could check it', () => {
    expect(status('In what year did Apollo 11 land on the Moon?', '1969')).toBe('no_checker');
    expect(status('What is 1 / 0?', 'undefined')).toBe('division_by_zero');
    expect(status('What is the capital of France?', 'Paris')).toBe('no_checker');
  });
});
