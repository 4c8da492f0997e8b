import type { EvaluationResult } from '@flywheel/contracts';
import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { attributeBatches, consumedBatches } from './batch-attribution.js';
import { curriculumObservations, curriculumStatus } from './curriculum-optimizer.daemon.js';

describe('curriculum attribution', () => {
  it("gives each checkpoint the strategies of the batches taken since the previous one", async () => {
    const t = await tempDir('attr');
    try {
      const files: [string, number][] = [
        ['batch_20260101T000000_hard_first_1_a.jsonl', 100], ['batch_20260101T000100_random_mix_1_b.jsonl', 150],
        ['batch_20260101T000200_hard_first_1_c.jsonl', 250], ['pool.jsonl', 260],
      ];
      for (const [name, at] of files) {
        await writeFile(path.join(t.dir, name), name === 'pool.jsonl' ? '{"strategy":"interleaved"}\n' : '{}\n');
        await utimes(path.join(t.dir, name), at, at);
      }
      const batches = await consumedBatches(t.dir);
      expect(batches.map((b) => b.strategy)).toEqual(['hard_first', 'random_mix', 'hard_first', 'interleaved']);
      // Checkpoints at 200 s and 300 s (utimes takes seconds; mtimeMs is ms).
      const weights = attributeBatches([{ checkpoint: 'c1', at: 200_000 }, { checkpoint: 'c2', at: 300_000 }], batches);
      expect(weights).toEqual([{ hard_first: 0.5, random_mix: 0.5 }, { hard_first: 0.5, interleaved: 0.5 }]);
    } finally {
      await t.remove();
    }
  });

  it('turns accuracies into rewards and a status with the seed keys', () => {
    const evaluated = [0.5, 0.6, 0.7].map((accuracy, i) => ({ checkpoint: `c${i}`, step: i, result: { summary: { accuracy } } as EvaluationResult }));
    const observations = curriculumObservations(evaluated, [{}, { hard_first: 1 }, { random_mix: 1 }]);
    // (0.6 − 0.5) / 0.5 = 0.2 and (0.7 − 0.6) / 0.4 = 0.25.
    expect(observations.map((o) => o.reward.toFixed(6))).toEqual(['0.200000', '0.250000']);
    const status = curriculumStatus(observations, 0.7);
    expect(status).toMatchObject({ best_strategy: 'random_mix', accuracy: 0.7, strategies_tested: 2, observations: 2 });
    expect(Object.keys(status['arms'] as object)).toEqual(['easy_to_hard', 'random_mix', 'hard_first', 'interleaved', 'adaptive']);
  });
});
