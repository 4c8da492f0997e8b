// admitCorrection on a real temp folder: the held-out index is built at the first correction
// and again only when a file of data/validation/ changes (path, mtime, size).
import { describe, expect, it } from '@jest/globals';
import type { TrainingLine } from '@flywheel/contracts';
import { tempDir } from '@flywheel/testing';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { admitCorrection, heldOutIndexBuilds } from './admit-correction.js';

const AT = new Date('2026-11-24T10:00:00.000Z');
const line = (q: string, a: string): TrainingLine => ({ messages: [{ role: 'user', content: q }, { role: 'assistant', content: a }], source: 'feedback' }) as TrainingLine;

describe('admitCorrection held-out index cache', () => {
  it('builds the index once, and again only when the split changes', async () => {
    const { dir, remove } = await tempDir('admit-correction-cache');
    try {
      const queue = path.join(dir, 'queue');
      const data = path.join(dir, 'data');
      const file = path.join(data, 'validation', 'v.jsonl');
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify({ id: 'v1', prompt: 'What is 12 + 6?', golden: '18' }) + '\n');
      const before = heldOutIndexBuilds.count;

      expect(await admitCorrection(queue, data, line('What is 12 + 6?', '18'), AT, true)).toEqual({ file: null, refused: 'shares "what is 12 + 6" with held-out example v1 (13-gram check)' });
      expect((await admitCorrection(queue, data, line('What is 7 × 8?', '56'), AT, true)).refused).toBeNull();
      expect(heldOutIndexBuilds.count - before).toBe(1);

      // The file rewritten (new mtime), then rewritten at the same size with a later mtime: each rebuilds.
      await writeFile(file, JSON.stringify({ id: 'v2', prompt: 'What is 7 × 8?', golden: '56' }) + '\n');
      expect((await admitCorrection(queue, data, line('What is 7 × 8?', '56'), AT, true)).refused).toBe('shares "what is 7 × 8" with held-out example v2 (13-gram check)');
      expect(heldOutIndexBuilds.count - before).toBe(2);
      await writeFile(file, JSON.stringify({ id: 'v3', prompt: 'What is 7 × 9?', golden: '63' }) + '\n');
      await utimes(file, new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));
      expect((await admitCorrection(queue, data, line('What is 7 × 8?', '56'), AT, true)).refused).toBeNull();
      expect((await admitCorrection(queue, data, line('What is 7 × 9?', '63'), AT, true)).refused).toBe('shares "what is 7 × 9" with held-out example v3 (13-gram check)');
      expect(heldOutIndexBuilds.count - before).toBe(3);
    } finally {
      await remove();
    }
  });
});
