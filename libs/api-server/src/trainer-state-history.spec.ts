import { describe, expect, it } from '@jest/globals';
import { parseTrainerState, TrainerState } from '@flywheel/checkpoints';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { trainerStateHistory } from './trainer-state-history.js';

// Real trainer_state.json files (see /work/shared/samples/trainer_state/README.md), kept as
// the checkpoints lib's fixtures.
const SAMPLES = path.join(import.meta.dirname, '..', '..', 'checkpoints', 'src', '__fixtures__');
const sample = async (name: string) => {
  const parsed = parseTrainerState(await readFile(path.join(SAMPLES, name), 'utf8'), name);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problem));
  return parsed.state;
};

describe('trainerStateHistory', () => {
  it('merges the training and evaluation entries of one step into one point, ascending', () => {
    const state = TrainerState.parse({
      global_step: 20,
      log_history: [
        { step: 20, eval_loss: 0.9, epoch: 1 },
        { step: 10, loss: 1.5, learning_rate: 2e-5, grad_norm: 3 },
        { step: 20, loss: 1.2, learning_rate: 1e-5 },
        { step: 20, train_loss: 1.3, train_runtime: 12 },
        { epoch: 1, loss: 9 },
      ],
    });
    expect(trainerStateHistory(state)).toEqual([
      { step: 10, loss: 1.5, learning_rate: 2e-5, eval_loss: null },
      { step: 20, loss: 1.2, learning_rate: 1e-5, eval_loss: 0.9 },
    ]);
  });

  it('on a real run with evals every 20 steps: 24 logged steps, eval losses at 20, 40, …, 120', async () => {
    const history = trainerStateHistory(await sample('with-eval_qwen2.5-0.5b.json'));
    // log_history logs every 5 steps from 5 to 120: 24 steps.
    expect(history.map((p) => p.step)).toEqual(Array.from({ length: 24 }, (_, i) => 5 * (i + 1)));
    expect(history.filter((p) => p.eval_loss !== null).map((p) => p.step)).toEqual([20, 40, 60, 80, 100, 120]);
    // Step 20 as written in the file: a training entry and an eval entry.
    expect(history[3]).toEqual({ step: 20, loss: 0.08048975467681885, learning_rate: 9.682556205985274e-6, eval_loss: 0.10790343582630157 });
    expect(history[0]).toEqual({ step: 5, loss: 1.2847743034362793, learning_rate: 6.666666666666667e-6, eval_loss: null });
  });

  it('is empty for a summary-only log (only train_loss at the end)', async () => {
    expect(trainerStateHistory(await sample('summary-only_qwen3-lora.json'))).toEqual([]);
  });
});
