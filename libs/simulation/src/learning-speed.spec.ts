import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { batchMixOf, simulatedLearningSpeed } from './learning-speed.js';
import { DEFAULT_LOSS_CURVE } from './loss-curve.js';
import { effectiveStepAt } from './server/skill-model.js';
import { simulateTrainingRun } from './training-run.js';

const line = (difficulty: string) => JSON.stringify({ messages: [], difficulty, strategy: 'random_mix' });

describe('the simulated trainer learns by its data mix', () => {
  it('0.6 + 4.2 · min(easy, hard)', () => {
    expect(simulatedLearningSpeed({ easy: 1 / 3, medium: 1 / 3, hard: 1 / 3 })).toBeCloseTo(2, 12);
    expect(simulatedLearningSpeed({ easy: 0.5, medium: 0.3, hard: 0.2 })).toBeCloseTo(1.44, 12);
    expect(simulatedLearningSpeed({ easy: 0.1, medium: 0.2, hard: 0.7 })).toBeCloseTo(1.02, 12);
    expect(simulatedLearningSpeed({ easy: 1, medium: 0, hard: 0 })).toBeCloseTo(0.6, 12);
  });

  it('reads a batch\'s mix and strategy; a line without difficulty counts as medium', async () => {
    const { dir, remove } = await tempDir('mix');
    try {
      const file = path.join(dir, 'b.jsonl');
      await writeFile(file, [line('easy'), line('hard'), line('hard'), '{"messages": []}'].join('\n') + '\n');
      expect(await batchMixOf(file)).toEqual({ mix: { easy: 0.25, medium: 0.25, hard: 0.5 }, lines: 4, strategy: 'random_mix' });
    } finally {
      await remove();
    }
  });

  it('records what it consumed and when (steps), and how far each checkpoint learned', async () => {
    const { dir, remove } = await tempDir('consume');
    try {
      const normal = path.join(dir, 'queue', 'normal');
      await mkdir(normal, { recursive: true });
      // One balanced batch (speed 2.0): 50 steps teach as much as 100.
      await writeFile(path.join(normal, 'batch_x_random_mix_1.jsonl'), [line('easy'), line('medium'), line('hard')].join('\n') + '\n');
      await simulateTrainingRun(
        { checkpointsDir: path.join(dir, 'current_model'), saveSteps: 50, loggingSteps: 10, maxSteps: 100, curve: DEFAULT_LOSS_CURVE, queueDir: path.join(dir, 'queue'), statusDir: path.join(dir, 'status') },
        async () => undefined,
      );
      // 50 × 2.0 = 100 after the batch; then no batch: + 50 × 1 = 150.
      expect(effectiveStepAt(path.join(dir, 'current_model', 'checkpoint-50'))).toBe(100);
      expect(effectiveStepAt(path.join(dir, 'current_model', 'checkpoint-100'))).toBe(150);
      expect(effectiveStepAt(dir)).toBeNull();
      const status = JSON.parse(await readFile(path.join(dir, 'status', 'training_status.json'), 'utf8')) as { consumed_batches: unknown[] };
      expect(status.consumed_batches).toEqual([
        { file: 'batch_x_random_mix_1.jsonl', strategy: 'random_mix', lines: 3, taken_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), first_step: 1, last_step: 50 },
      ]);
    } finally {
      await remove();
    }
  });
});
