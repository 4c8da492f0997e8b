import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lastLines } from './recent-lines.js';

const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => JSON.stringify({ n: from + i })).join('\n') + '\n';

describe('lastLines', () => {
  it('gives the last lines in file-name order, across files, skipping lines that do not parse', async () => {
    const { dir, remove } = await tempDir('recent-lines');
    try {
      await writeFile(path.join(dir, 'batch_0001.jsonl'), lines(1, 3));
      await writeFile(path.join(dir, 'batch_0002.jsonl'), `${lines(4, 5)}not json\n\n`);
      await writeFile(path.join(dir, 'batch_0003.jsonl'), lines(6, 7));
      await writeFile(path.join(dir, 'notes.txt'), lines(100, 101));
      // 7 parsed lines n = 1 … 7; the last 4 are 4 … 7, the unparsable line not among them.
      expect((await lastLines(dir, 4)).lines.map((l) => l['n'])).toEqual([4, 5, 6, 7]);
      expect((await lastLines(dir, 50)).lines.map((l) => l['n'])).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(await lastLines(path.join(dir, 'absent'), 5)).toEqual({ lines: [], filesRead: 0 });
    } finally {
      await remove();
    }
  });

  it('reads only the newest files that hold the lines it needs', async () => {
    const { dir, remove } = await tempDir('recent-lines');
    try {
      for (let f = 0; f < 10; f++) await writeFile(path.join(dir, `batch_${String(f).padStart(4, '0')}.jsonl`), lines(f * 3 + 1, f * 3 + 3));
      // 30 lines, 3 a file: the last 7 are n = 24 … 30, in the newest 3 files (22 … 30).
      const { lines: got, filesRead } = await lastLines(dir, 7);
      expect(got.map((l) => l['n'])).toEqual([24, 25, 26, 27, 28, 29, 30]);
      expect(filesRead).toBe(3);
    } finally {
      await remove();
    }
  });
});
