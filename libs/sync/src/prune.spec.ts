import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pruneCheckpoints, pruneWithheld, readProtection } from './prune.js';

/** A run folder with checkpoints 100…500 and an empty status folder. */
async function run(name: string) {
  const temp = await tempDir(name);
  const local = path.join(temp.dir, 'current_model');
  const statusDir = path.join(temp.dir, 'status');
  await mkdir(statusDir, { recursive: true });
  for (const step of [100, 200, 300, 400, 500]) await mkdir(path.join(local, `checkpoint-${step}`), { recursive: true });
  return { ...temp, local, statusDir };
}
const all = ['checkpoint-100', 'checkpoint-200', 'checkpoint-300', 'checkpoint-400', 'checkpoint-500'];

describe('pruneCheckpoints', () => {
  it('never removes the champion, even when it is neither deployed, best nor pinned', async () => {
    const { local, statusDir, remove } = await run('prune');
    try {
      await writeFile(path.join(statusDir, 'champion.json'), JSON.stringify({ champion: 'checkpoint-100' }));
      await writeFile(path.join(statusDir, 'last_deployment.json'), JSON.stringify({ checkpoint: 'checkpoint-300', serving: 'checkpoint-200' }));
      const protection = await readProtection(statusDir, '');
      expect(protection).toEqual({ champion: 'checkpoint-100', deployed: 'checkpoint-200', best: null, pinned: [], unreadable: [] });
      // keep 1 (checkpoint-500); 100 is the champion, 200 serves: only 300 and 400 go.
      expect(await pruneCheckpoints(local, 1, protection)).toEqual(['checkpoint-300', 'checkpoint-400']);
      expect((await readdir(local)).sort()).toEqual(['checkpoint-100', 'checkpoint-200', 'checkpoint-500']);
    } finally {
      await remove();
    }
  });

  it('prunes normally when the status files do not exist yet (a fresh run)', async () => {
    const { local, statusDir, remove } = await run('prune-fresh');
    try {
      const protection = await readProtection(statusDir, '');
      expect(protection).toEqual({ champion: null, deployed: null, best: null, pinned: [], unreadable: [] });
      expect(pruneWithheld(protection)).toBeNull();
      expect(await pruneCheckpoints(local, 2, protection)).toEqual(['checkpoint-100', 'checkpoint-200', 'checkpoint-300']);
    } finally {
      await remove();
    }
  });

  describe('hostile input: prune protection when the status files naming it cannot be read', () => {
    it('fails closed on a torn last_deployment.json: keeps every checkpoint and says which file and why', async () => {
      const { local, statusDir, remove } = await run('prune-torn');
      try {
        await writeFile(path.join(statusDir, 'last_deployment.json'), '{"checkpoint": "checkpoint-100", "serv');
        const protection = await readProtection(statusDir, '');
        expect(protection.unreadable).toEqual([expect.stringMatching(/^last_deployment\.json: not valid JSON: /)]);
        expect(pruneWithheld(protection)).toMatch(/^nothing pruned this pass: last_deployment\.json: not valid JSON/);
        expect(pruneWithheld(protection)).not.toContain(statusDir);
        expect(await pruneCheckpoints(local, 1, protection)).toEqual([]);
        expect((await readdir(local)).sort()).toEqual(all);
      } finally {
        await remove();
      }
    });

    it('fails closed on an unreadable file, a non-object and a best_checkpoint of the wrong type, naming each', async () => {
      const { local, statusDir, remove } = await run('prune-bad');
      try {
        // A folder where the file should be: it exists, and reading it fails (EISDIR).
        await mkdir(path.join(statusDir, 'champion.json'));
        await writeFile(path.join(statusDir, 'last_deployment.json'), '[]');
        await writeFile(path.join(statusDir, 'model_comparisons.json'), JSON.stringify({ best_checkpoint: 300 }));
        const protection = await readProtection(statusDir, '');
        expect(protection.unreadable).toEqual([
          'champion.json: cannot be read (EISDIR)',
          'last_deployment.json: not a JSON object',
          'model_comparisons.json: "best_checkpoint" must be a string or null, not number',
        ]);
        expect(await pruneCheckpoints(local, 1, protection)).toEqual([]);
        expect((await readdir(local)).sort()).toEqual(all);
      } finally {
        await remove();
      }
    });
  });

  it('still reads the files that are fine when one is not, and prunes again once it is fixed', async () => {
    const { local, statusDir, remove } = await run('prune-fixed');
    try {
      await writeFile(path.join(statusDir, 'last_deployment.json'), JSON.stringify({ checkpoint: 'checkpoint-100' }));
      await writeFile(path.join(statusDir, 'model_comparisons.json'), '');
      const bad = await readProtection(statusDir, '');
      expect(bad).toMatchObject({ deployed: 'checkpoint-100', best: null, unreadable: [expect.stringMatching(/^model_comparisons\.json: not valid JSON/)] });
      expect(await pruneCheckpoints(local, 1, bad)).toEqual([]);
      await writeFile(path.join(statusDir, 'model_comparisons.json'), JSON.stringify({ best_checkpoint: 'checkpoint-200' }));
      const good = await readProtection(statusDir, '');
      expect(good.unreadable).toEqual([]);
      expect(await pruneCheckpoints(local, 1, good)).toEqual(['checkpoint-300', 'checkpoint-400']);
    } finally {
      await remove();
    }
  });
});
