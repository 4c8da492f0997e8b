import { describe, expect, it } from '@jest/globals';
import { buildContaminationIndex, contaminationTokens } from './contamination.js';

const long = 'A farmer has a field of wheat that is twelve metres wide and thirty metres long; how many square metres is the field in total';
const index = buildContaminationIndex([
  { id: 'short', text: 'What is 12 + 6?\nAnswer with the number only.\n' },
  { id: 'long', text: long },
  { id: 'tiny', text: 'Hi there' },
]);

describe('contamination check (13-gram, short questions whole)', () => {
  it('tokenizes words, numbers and operators', () => {
    expect(contaminationTokens('What is 45×12?')).toEqual(['what', 'is', '45', '×', '12']);
  });
  it('finds a held-out question inside a training one, and its parts', () => {
    expect(index.check('Please: what is 12 + 6? Answer with the number only. Thanks')?.heldOutId).toBe('short');
    expect(index.check('What is 12 + 6?')).toEqual({ heldOutId: 'short', run: 'what is 12 + 6' }); // 5 tokens, inside the 10-token held-out question
    expect(index.check(`Rewrite: ${long.split(' ').slice(3, 16).join(' ')} and more words here`)?.heldOutId).toBe('long'); // 13 shared tokens
  });
  it('lets through what shares less than 13 tokens or a different number', () => {
    expect(index.check('What is 37 + 81?\nAnswer with the number only.')).toBeNull();
    expect(index.check(`Another story: ${long.split(' ').slice(0, 12).join(' ')} but then something else happens entirely`)).toBeNull(); // 12 shared tokens
    expect(index.check('hi there, how are you today')).toBeNull(); // a 2-token held-out question counts only when equal
    expect(index.check('Hi there!')?.heldOutId).toBe('tiny');
  });
  it('counts its runs and refuses a split beyond maxGrams', () => {
    // "hi there": 1 whole; the 10-token question: 1 whole + runs of 4..10 tokens = 7+6+5+4+3+2+1 = 28
    const small = buildContaminationIndex([{ id: 'a', text: 'hi there' }, { id: 'b', text: 'What is 12 + 6?\nAnswer with the number only.' }]);
    expect(small.grams).toBe(2 + 28);
    expect(() => buildContaminationIndex([{ id: 'b', text: long }], { maxGrams: 10 })).toThrow(/contamination.maxGrams \(10\)/);
  });
});
