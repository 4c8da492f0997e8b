import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import path from 'node:path';
import { carryOver, currentPatterns, readJudged, writeJudged } from './judged-lines.js';

describe('judged lines', () => {
  it('keeps judgements of queued lines for the same checkpoint, and only those', () => {
    const state = { checkpoint: 'checkpoint-2', lines: { a: 'wrong_number', b: null, gone: 'empty_answer' } };
    expect(carryOver(state, 'checkpoint-2', ['a', 'b', 'c'])).toEqual({ state: { checkpoint: 'checkpoint-2', lines: { a: 'wrong_number', b: null } }, pending: ['c'] });
    expect(carryOver(state, 'checkpoint-3', ['a', 'b'])).toEqual({ state: { checkpoint: 'checkpoint-3', lines: {} }, pending: ['a', 'b'] });
  });
  it('counts the patterns of what is queued now', () => {
    expect(currentPatterns({ checkpoint: 'c', lines: { a: 'wrong_number', b: null, c: 'wrong_number', d: 'not_a_number' } })).toEqual({ wrong_number: 2, not_a_number: 1 });
  });
  it('survives a restart in its file; a broken file is a fresh start', async () => {
    const { dir, remove } = await tempDir('judged');
    try {
      const file = path.join(dir, 'judged.json');
      expect(await readJudged(file)).toEqual({ checkpoint: null, lines: {} });
      await writeJudged(file, { checkpoint: 'c', lines: { a: null } });
      expect(await readJudged(file)).toEqual({ checkpoint: 'c', lines: { a: null } });
    } finally {
      await remove();
    }
  });
});
