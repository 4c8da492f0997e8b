import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runLook } from './run-look.js';

describe('runLook', () => {
  it('counts the run\'s checkpoints up to a step, on disk or only in the evaluator\'s records (pruned)', async () => {
    const { dir, remove } = await tempDir('look');
    try {
      const checkpoints = path.join(dir, 'current_model');
      const status = path.join(dir, 'status');
      for (const step of [300, 400, 500]) await mkdir(path.join(checkpoints, `checkpoint-${step}`), { recursive: true });
      // 100 and 200 were pruned; their evaluations remain. 300 is in both.
      for (const step of [100, 200, 300]) await mkdir(path.join(status, 'evals', `checkpoint-${step}`), { recursive: true });
      expect(await runLook(checkpoints, status, 400)).toBe(4);
      expect(await runLook(checkpoints, status, 500)).toBe(5);
      expect(await runLook(path.join(dir, 'none'), path.join(dir, 'none'), 500)).toBe(1);
      // Six more checkpoints' evaluations were removed (evaluation.keepCheckpoints): they count too.
      await writeFile(path.join(status, 'evals', 'pruned.json'), JSON.stringify({ removed: 6 }));
      expect(await runLook(checkpoints, status, 500)).toBe(11);
      // A ledger that cannot be read stops the count rather than under-count it.
      await writeFile(path.join(status, 'evals', 'pruned.json'), '{"removed": "six"}');
      await expect(runLook(checkpoints, status, 500)).rejects.toThrow(/pruned\.json: "removed" must be a non-negative integer/);
    } finally {
      await remove();
    }
  });
});
