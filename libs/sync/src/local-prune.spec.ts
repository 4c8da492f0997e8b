import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pruneLocalCheckpoints } from './local-prune.js';
import { readProtection } from './prune.js';

async function layout(dir: string, steps: number[], evaluated: number[]) {
  for (const step of steps) await mkdir(path.join(dir, 'current_model', `checkpoint-${step}`), { recursive: true });
  for (const step of evaluated) {
    await mkdir(path.join(dir, 'status', 'evals', `checkpoint-${step}`), { recursive: true });
    await writeFile(path.join(dir, 'status', 'evals', `checkpoint-${step}`, 'key.json'), '{}\n');
  }
}

describe('pruneLocalCheckpoints (sync.pruneLocal)', () => {
  it('keeps the newest, the protected and the unevaluated; removes the rest', async () => {
    const { dir, remove } = await tempDir('local-prune');
    try {
      // Six checkpoints; 200 is the champion; 300 was never evaluated; keep 2 → 500, 600 stay.
      await layout(dir, [100, 200, 300, 400, 500, 600], [100, 200, 400, 500, 600]);
      await writeFile(path.join(dir, 'status', 'champion.json'), JSON.stringify({ champion: 'checkpoint-200' }));
      const protection = await readProtection(path.join(dir, 'status'), '');
      const result = await pruneLocalCheckpoints(path.join(dir, 'current_model'), path.join(dir, 'status', 'evals'), 2, protection);
      expect(result).toEqual({ pruned: ['checkpoint-100', 'checkpoint-400'], withheld: null });
      expect((await readdir(path.join(dir, 'current_model'))).sort()).toEqual(['checkpoint-200', 'checkpoint-300', 'checkpoint-500', 'checkpoint-600']);
    } finally {
      await remove();
    }
  });

  it('removes nothing while a file naming the protected ones cannot be read, and says which', async () => {
    const { dir, remove } = await tempDir('local-prune');
    try {
      await layout(dir, [100, 200, 300, 400], [100, 200, 300, 400]);
      await writeFile(path.join(dir, 'status', 'last_deployment.json'), '{"checkpoint": "checkp');
      const protection = await readProtection(path.join(dir, 'status'), '');
      const result = await pruneLocalCheckpoints(path.join(dir, 'current_model'), path.join(dir, 'status', 'evals'), 1, protection);
      expect(result.pruned).toEqual([]);
      expect(result.withheld).toContain('last_deployment.json');
      expect(await readdir(path.join(dir, 'current_model'))).toHaveLength(4);
    } finally {
      await remove();
    }
  });
});
