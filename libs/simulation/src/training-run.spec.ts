import { describe, expect, it } from '@jest/globals';
import { TrainingStatus } from '@flywheel/contracts';
import { tempDir } from '@flywheel/testing';
import { mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_LOSS_CURVE } from './loss-curve.js';
import { simulateTrainingRun } from './training-run.js';

describe('simulateTrainingRun', () => {
  it('writes real-looking checkpoints, consumes the queue oldest first, and reports training_status.json', async () => {
    const { dir, remove } = await tempDir('train');
    try {
      const normal = path.join(dir, 'queue', 'normal');
      await mkdir(normal, { recursive: true });
      await writeFile(path.join(normal, 'b.jsonl'), '{}\n');
      await writeFile(path.join(normal, 'a.jsonl'), '{}\n');
      // b.jsonl is older, so it goes first although it sorts second by name.
      await utimes(path.join(normal, 'b.jsonl'), new Date('2026-01-01'), new Date('2026-01-01'));
      const statuses: unknown[] = [];
      await simulateTrainingRun(
        {
          checkpointsDir: path.join(dir, 'current_model'), saveSteps: 50, loggingSteps: 10, maxSteps: 150, curve: DEFAULT_LOSS_CURVE,
          weightsBytes: 4096, queueDir: path.join(dir, 'queue'), statusDir: path.join(dir, 'status'),
        },
        async () => {
          statuses.push(JSON.parse(await readFile(path.join(dir, 'status', 'training_status.json'), 'utf8')));
        },
      );
      expect((await readdir(path.join(dir, 'current_model'))).sort()).toEqual(['checkpoint-100', 'checkpoint-150', 'checkpoint-50']);
      expect((await stat(path.join(dir, 'current_model', 'checkpoint-50', 'model.safetensors'))).size).toBe(4096);
      const config = JSON.parse(await readFile(path.join(dir, 'current_model', 'checkpoint-50', 'config.json'), 'utf8'));
      expect(config).toMatchObject({ _simulator: true, model_type: 'qwen2' });
      expect(statuses.map((s) => (s as { current_file: string | null }).current_file)).toEqual(['b.jsonl', 'a.jsonl', null]);
      expect(await readdir(normal)).toEqual([]);
      expect((await readdir(path.join(dir, 'queue', 'processed'))).sort()).toEqual(['a.jsonl', 'b.jsonl']);
      const final = TrainingStatus.parse(JSON.parse(await readFile(path.join(dir, 'status', 'training_status.json'), 'utf8')));
      // step 150 of 150: epoch 3; learning rate 2e-5 · (1 − 150/150) = 0
      expect(final).toMatchObject({ status: 'finished', current_step: 150, total_steps: 150, epoch: 3, learning_rate: 0, current_file: null });
      expect(statuses[1]).toMatchObject({ status: 'training', current_step: 50, learning_rate: 2e-5 * (1 - 50 / 150) });
    } finally {
      await remove();
    }
  });
});
