import { describe, expect, it } from '@jest/globals';
import type { TrainingLine } from '@flywheel/contracts';
import { tempDir } from '@flywheel/testing';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { admitLine } from './admit-line.js';
import { buildContaminationIndex, contaminationTokens } from './contamination.js';
import { loadHeldOutIndex } from './held-out.js';

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
  it('counts its entries, and past maxGrams refuses every line with the reason instead of throwing', () => {
    // "hi there": 1 whole, no 4-token position; the 10-token question: 1 whole + 10 - 3 = 7 positions
    const small = buildContaminationIndex([{ id: 'a', text: 'hi there' }, { id: 'b', text: 'What is 12 + 6?\nAnswer with the number only.' }]);
    expect([small.grams, small.overflow]).toEqual([2 + 7, null]);
    // 25 tokens: 22 positions, more than 10
    const over = buildContaminationIndex([{ id: 'b', text: long }], { maxGrams: 10 });
    expect(over.overflow).toBe('not checked for contamination: the held-out split (1 questions, 22 4-token positions) is larger than the index holds (10 positions, 1048575 questions); shrink data/validation');
    expect(over.overflow).not.toMatch(/contamination\.maxGrams/);
    const line = { messages: [{ role: 'user', content: 'What is 2 + 2?' }, { role: 'assistant', content: '4' }], source: 'pool' } as TrainingLine;
    expect(admitLine(line, { index: over, redact: false })).toMatchObject({ admitted: false, kind: 'contamination_check_unavailable', reason: over.overflow });
    expect(admitLine(line, { index: small, redact: false }).admitted).toBe(true);
  });
});

describe('contamination index of a large held-out split', () => {
  it('indexes 10,000 questions of 200 tokens, finds a 13-token copy, lets an unrelated line through', async () => {
    const { dir, remove } = await tempDir('held-out-large');
    try {
      // Words from a 5,000-word vocabulary, picked by a fixed LCG: no two questions share long runs by chance.
      let x = 12345;
      const word = () => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return `w${x % 5000}`; };
      const questions = Array.from({ length: 10_000 }, () => Array.from({ length: 200 }, word));
      await writeFile(path.join(dir, 'v.jsonl'), questions.map((q, i) => JSON.stringify({ id: `q${i}`, prompt: q.join(' ') + '?', golden: '1' })).join('\n') + '\n');
      const index = await loadHeldOutIndex(dir);
      expect([index.items, index.grams, index.overflow]).toEqual([10_000, 10_000 * 197, null]);
      const copied = questions[7_321]!.slice(50, 63); // 13 tokens
      expect(index.check(`Tell me: ${copied.join(' ')} and then stop`)).toEqual({ heldOutId: 'q7321', run: copied.join(' ') });
      expect(index.check(`Tell me: ${copied.slice(0, 12).join(' ')} and then stop right there`)).toBeNull(); // 12 shared tokens
      expect(index.check('A farmer has a field of wheat that is twelve metres wide and thirty metres long; how many square metres is it')).toBeNull();
    } finally {
      await remove();
    }
  }, 60_000);
});
