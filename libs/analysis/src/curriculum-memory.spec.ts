import type { CurriculumCheckpoint } from '@flywheel/contracts';
import { describe, expect, it } from '@jest/globals';
import { creditBatches, forgetOldest, lossTrend, observationsFrom, parseMemory } from './curriculum-memory.js';

const batch = (file: string, last: number, strategy: string | null = null) => ({ file, strategy, taken_at: '2026-11-24T10:00:00Z', first_step: last - 49, last_step: last });
const entry = (step: number, accuracy: number | null, weights: CurriculumCheckpoint['weights'], golden_loss: number | null = null): CurriculumCheckpoint =>
  ({ step, accuracy, golden_loss, weights, credited_by: weights ? 'trainer_record' : null });

describe('curriculum memory', () => {
  it('credits a checkpoint with the batches trained after the previous one, by the trainer\'s steps', () => {
    const consumed = [batch('batch_1_hard_first_a.jsonl', 50), batch('x.jsonl', 100, 'random_mix'), batch('batch_2_random_mix_b.jsonl', 150), batch('batch_3_interleaved_c.jsonl', 200)];
    // checkpoint-200 after checkpoint-100: the batches ending at 150 and 200.
    expect(creditBatches(consumed, 100, 200)).toEqual({ random_mix: 0.5, interleaved: 0.5 });
    expect(creditBatches(consumed, 0, 100)).toEqual({ hard_first: 0.5, random_mix: 0.5 });
    expect(creditBatches(consumed, 200, 300)).toBeNull();
    expect(creditBatches([batch('unnamed.jsonl', 50)], 0, 100)).toBeNull();
  });
  it('rewards each checkpoint against the one before it, in step order, whatever is still on disk', () => {
    const memory = new Map([
      ['checkpoint-200', entry(200, 0.7, { random_mix: 1 }, 1.1)],
      ['checkpoint-100', entry(100, 0.6, null, 1.3)],
      ['checkpoint-300', entry(300, 0.7, { hard_first: 1 }, 1.2)],
    ]);
    // With golden losses, the share of the loss removed: (1.3 − 1.1) / 1.3 = 0.153846154; (1.1 − 1.2) / 1.1 = −0.090909091.
    const obs = observationsFrom(memory);
    expect(obs.map((o) => [Math.round(o.reward * 1e9) / 1e9, o.basis, o.weights])).toEqual([[0.153846154, 'golden_loss', { random_mix: 1 }], [-0.090909091, 'golden_loss', { hard_first: 1 }]]);
    // Without them (a backend that gives no logprobs), the share of the errors fixed: (0.7 − 0.6) / 0.4 = 0.25; (0.7 − 0.7) / 0.3 = 0.
    const noLoss = new Map([...memory].map(([k, v]) => [k, { ...v, golden_loss: null }]));
    expect(observationsFrom(noLoss).map((o) => [Math.round(o.reward * 1e9) / 1e9, o.basis])).toEqual([[0.25, 'accuracy'], [0, 'accuracy']]);
    // One side without a loss: that pair falls back to accuracy; neither measure: no observation.
    const mixed = new Map([['a', entry(100, 0.6, null, 1.3)], ['b', entry(200, 0.7, { random_mix: 1 })], ['c', entry(300, null, { adaptive: 1 })]]);
    expect(observationsFrom(mixed).map((o) => [Math.round(o.reward * 1e9) / 1e9, o.basis, o.weights])).toEqual([[0.25, 'accuracy', { random_mix: 1 }]]);
    // 1.2 − 1.1: the loss rose.
    expect(lossTrend(memory)).toBeCloseTo(0.1, 9);
  });
  it('reports a remembered entry it cannot read', () => {
    const { memory, problems } = parseMemory({ a: JSON.stringify(entry(1, 0.5, null)), b: '{"step": -1}', c: 'nope' });
    expect([...memory.keys()]).toEqual(['a']);
    expect(problems.map((p) => p.source)).toEqual(['curriculum memory b', 'curriculum memory c']);
  });
});

describe('hostile input: growth that stops, the curriculum memory', () => {
  it('forgets all but the checkpoints of the highest steps, whatever order they were remembered in', () => {
    const memory = new Map([300, 100, 500, 200, 400].map((step) => [`checkpoint-${step}`, entry(step, 0.5, null)] as const));
    expect(forgetOldest(memory, 3)).toEqual(['checkpoint-200', 'checkpoint-100']);
    expect([...memory.keys()].sort()).toEqual(['checkpoint-300', 'checkpoint-400', 'checkpoint-500']);
    expect(forgetOldest(memory, 3)).toEqual([]);
  });
});
