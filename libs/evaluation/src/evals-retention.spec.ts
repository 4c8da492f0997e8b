import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pruneEvaluationRecords } from './evals-retention.js';

async function evalsOf(statusDir: string, steps: number[]): Promise<string> {
  const evals = path.join(statusDir, 'evals');
  for (const step of steps) {
    await mkdir(path.join(evals, `checkpoint-${step}`), { recursive: true });
    await writeFile(path.join(evals, `checkpoint-${step}`, 'key.json'), '{}\n');
  }
  return evals;
}

const steps = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200];

describe('hostile input: growth of status/evals/ (pruneEvaluationRecords)', () => {
  it('keeps the newest, and the champion with its neighbours; removes the rest', async () => {
    const { dir, remove } = await tempDir('evals-retention');
    try {
      const evals = await evalsOf(dir, steps);
      await writeFile(path.join(dir, 'champion.json'), JSON.stringify({ champion: 'checkpoint-500' }));
      // Newest 3: 1000-1200; checkpoint-500 and one neighbour each side: 400-600; pinned 800 likewise: 700-900.
      const result = await pruneEvaluationRecords(evals, dir, { keep: 3, aroundKept: 1, pinned: 'checkpoint-800' });
      expect(result).toEqual({ removed: ['checkpoint-100', 'checkpoint-200', 'checkpoint-300'], skipped: null });
      expect((await readdir(evals)).sort()).toEqual(['checkpoint-1000', 'checkpoint-1100', 'checkpoint-1200', 'checkpoint-400', 'checkpoint-500', 'checkpoint-600', 'checkpoint-700', 'checkpoint-800', 'checkpoint-900', 'pruned.json']);
      // The three removed still count as looks of the run; a later pass adds to the count.
      expect(JSON.parse(await readFile(path.join(evals, 'pruned.json'), 'utf8'))).toEqual({ removed: 3 });
      await evalsOf(dir, [1300]);
      expect((await pruneEvaluationRecords(evals, dir, { keep: 3, aroundKept: 1, pinned: 'checkpoint-800' })).removed).toEqual(['checkpoint-1000']);
      expect(JSON.parse(await readFile(path.join(evals, 'pruned.json'), 'utf8'))).toEqual({ removed: 4 });
    } finally {
      await remove();
    }
  });

  it('removes nothing when the file naming the champion cannot be read, and says which', async () => {
    const { dir, remove } = await tempDir('evals-retention');
    try {
      const evals = await evalsOf(dir, steps);
      await writeFile(path.join(dir, 'champion.json'), '{"champion": "checkpoint-5');
      const result = await pruneEvaluationRecords(evals, dir, { keep: 3, aroundKept: 1, pinned: '' });
      expect(result.removed).toEqual([]);
      expect(result.skipped).toContain('champion.json');
      expect(await readdir(evals)).toHaveLength(12);
    } finally {
      await remove();
    }
  });

  it('leaves a folder of no more checkpoints than it keeps alone', async () => {
    const { dir, remove } = await tempDir('evals-retention');
    try {
      const evals = await evalsOf(dir, [100, 200]);
      await writeFile(path.join(dir, 'champion.json'), 'not json');
      expect(await pruneEvaluationRecords(evals, dir, { keep: 3, aroundKept: 1, pinned: '' })).toEqual({ removed: [], skipped: null });
    } finally {
      await remove();
    }
  });
});
