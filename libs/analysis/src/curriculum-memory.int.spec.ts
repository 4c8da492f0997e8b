// The curriculum optimizer's memory in a real Redis: what it learns of each checkpoint
// outlives pruning (only the newest checkpoints are on disk, so only they are evaluated) and
// restarts (each pass reads the hash afresh, as a restarted process would).
import { redisNamespace, type CurriculumCheckpoint, type EvaluationResult } from '@flywheel/contracts';
import { describe, expect, it } from '@jest/globals';
import { redisPerFile } from '@flywheel/testing';
import { observationsFrom, parseMemory } from './curriculum-memory.js';
import { rememberCheckpoints } from './curriculum-optimizer.daemon.js';
import type { EvaluatedCheckpoint } from './recent-evaluations.js';

const redis = redisPerFile();
const evaluated = (step: number, accuracy: number, goldenLoss: number): EvaluatedCheckpoint =>
  ({ checkpoint: `checkpoint-${step}`, step, result: { summary: { accuracy, goldenLoss } } as EvaluationResult });
const batch = (file: string, last: number) => ({ file, taken_at: '2026-11-24T10:00:00Z', first_step: last - 49, last_step: last });

describe('curriculum memory in Redis', () => {
  it('keeps every checkpoint\'s observation across passes, pruning and restarts', async () => {
    const key = redisNamespace('curriculum-int').curriculumCheckpoints;
    const pass = async (onDisk: EvaluatedCheckpoint[], record: ReturnType<typeof batch>[]) => {
      const { memory, problems } = parseMemory(await redis.client.hgetall(key)); // a fresh process each time
      expect(problems).toEqual([]);
      const updates = rememberCheckpoints(onDisk, memory, record, null);
      if (Object.keys(updates).length) await redis.client.hset(key, updates);
      return { memory, observations: observationsFrom(memory), updates };
    };
    // Pass 1: checkpoints 100 and 200 on disk; the trainer took one hard_first batch before
    // each save, then one random_mix batch between 100 and 200.
    const one = await pass([evaluated(100, 0.5, 1.5), evaluated(200, 0.6, 1.4)],
      [batch('batch_a_hard_first_1.jsonl', 100), batch('batch_b_random_mix_2.jsonl', 200)]);
    expect(one.observations.map((o) => o.weights)).toEqual([{ random_mix: 1 }]);
    // Pass 2, with --keep 2: checkpoint-100 is pruned, 300 arrived; the trainer's record has
    // rolled past the first batch. Memory still knows 100, so 200's observation stays and 300 is added.
    const two = await pass([evaluated(200, 0.6, 1.4), evaluated(300, 0.8, 1.2)],
      [batch('batch_b_random_mix_2.jsonl', 200), batch('batch_c_interleaved_3.jsonl', 300)]);
    expect(two.observations.map((o) => [Math.round(o.reward * 1e9) / 1e9, o.weights])).toEqual([
      [0.066666667, { random_mix: 1 }], // the share of the golden loss removed: (1.5 − 1.4) / 1.5
      [0.142857143, { interleaved: 1 }], // (1.4 − 1.2) / 1.4
    ]);
    expect(Object.keys(two.updates)).toEqual(['checkpoint-300']); // 200 unchanged: written once
    // Pass 3, nothing new: the same three observations' worth of memory, no write.
    const three = await pass([evaluated(200, 0.6, 1.4), evaluated(300, 0.8, 1.2)], []);
    expect(three.updates).toEqual({});
    expect(three.observations).toHaveLength(2);
    const stored = JSON.parse((await redis.client.hget(key, 'checkpoint-300'))!) as CurriculumCheckpoint;
    expect(stored).toEqual({ step: 300, accuracy: 0.8, golden_loss: 1.2, weights: { interleaved: 1 }, credited_by: 'trainer_record' });
  });
});
