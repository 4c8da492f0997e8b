// The serving folder's retention on a real filesystem (a temp dir).
import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pruneServedCheckpoints, servedToKeep } from './serving-retention.js';
import { switchCurrent } from './serving-link.js';

describe('hostile input: growth of serving/checkpoints/ (pruneServedCheckpoints)', () => {
  it('keeps the serving, the previous and the newest earlier champions up to keep', () => {
    expect(servedToKeep({ serving: 'checkpoint-5', previous: 'checkpoint-4', champions: ['checkpoint-5', 'checkpoint-4', 'checkpoint-2', 'checkpoint-1'], keep: 3 }))
      .toEqual(['checkpoint-5', 'checkpoint-4', 'checkpoint-2']);
    // The rollback target is kept even when keep is smaller.
    expect(servedToKeep({ serving: 'checkpoint-5', previous: 'checkpoint-4', champions: [], keep: 1 })).toEqual(['checkpoint-5', 'checkpoint-4']);
  });

  it('never removes the folder current points at, a symlink, or anything that is not a checkpoint folder', async () => {
    const t = await tempDir('serving-retention');
    try {
      const staged = path.join(t.dir, 'checkpoints');
      for (const name of ['checkpoint-100', 'checkpoint-200', 'checkpoint-300', 'checkpoint-300.partial', 'other']) await mkdir(path.join(staged, name), { recursive: true });
      const outside = path.join(t.dir, 'outside');
      await mkdir(outside);
      await writeFile(path.join(outside, 'keep-me'), 'x');
      await symlink(outside, path.join(staged, 'checkpoint-900'));
      // The caller believes 300 serves, but the link says 100: 100 stays.
      await switchCurrent(t.dir, 'checkpoint-100');
      const removed = await pruneServedCheckpoints(t.dir, { serving: 'checkpoint-300', previous: null, champions: [], keep: 1 });
      expect(removed).toEqual(['checkpoint-200']);
      expect((await readdir(staged)).sort()).toEqual(['checkpoint-100', 'checkpoint-300', 'checkpoint-300.partial', 'checkpoint-900', 'other']);
      expect(await readdir(outside)).toEqual(['keep-me']);
    } finally {
      await t.remove();
    }
  });
});
