import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pruneCheckpoints, readProtection } from './prune.js';

describe('pruneCheckpoints', () => {
  it('never removes the champion, even when it is neither deployed, best nor pinned', async () => {
    const { dir, remove } = await tempDir('prune');
    try {
      const local = path.join(dir, 'current_model');
      const statusDir = path.join(dir, 'status');
      await mkdir(statusDir, { recursive: true });
      for (const step of [100, 200, 300, 400, 500]) await mkdir(path.join(local, `checkpoint-${step}`), { recursive: true });
      await writeFile(path.join(statusDir, 'champion.json'), JSON.stringify({ champion: 'checkpoint-100' }));
      await writeFile(path.join(statusDir, 'last_deployment.json'), JSON.stringify({ checkpoint: 'checkpoint-300', serving: 'checkpoint-200' }));
      const protection = await readProtection(statusDir, '');
      expect(protection).toEqual({ champion: 'checkpoint-100', deployed: 'checkpoint-200', best: null, pinned: [] });
      // keep 1 (checkpoint-500); 100 is the champion, 200 serves: only 300 and 400 go.
      expect(await pruneCheckpoints(local, 1, protection)).toEqual(['checkpoint-300', 'checkpoint-400']);
      expect((await readdir(local)).sort()).toEqual(['checkpoint-100', 'checkpoint-200', 'checkpoint-500']);
    } finally {
      await remove();
    }
  });
});
