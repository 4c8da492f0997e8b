import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evalLossAt, finalTrainLoss, trainingCurve } from './checkpoint-losses.js';
import { bestCheckpointName, parseTrainerState } from './trainer-state.js';

const fixture = (name: string) => {
  const file = fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));
  return { file, text: readFileSync(file, 'utf8') };
};

function parsed(name: string) {
  const { file, text } = fixture(name);
  const result = parseTrainerState(text, file);
  if (!result.ok) throw new Error(result.problem.message);
  return result.state;
}

describe('trainer_state.json from real runs', () => {
  it('reads a full fine-tune with evals (Qwen2.5-0.5B): the eval at step 120 is the checkpoint loss', () => {
    const state = parsed('with-eval_qwen2.5-0.5b.json');
    expect(state.global_step).toBe(120);
    // Checked by hand in the file: the last log entry with eval_loss has step 120, eval_loss 0.049445949494838715.
    expect(evalLossAt(state)).toMatchObject({ loss: 0.049445949494838715, step: 120 });
    // The best checkpoint is an absolute path from the training machine; we keep its folder name.
    expect(bestCheckpointName(state)).toBe('checkpoint-120');
    const curve = trainingCurve(state);
    expect(curve[0]).toEqual({ step: 5, loss: 1.2847743034362793, learningRate: 6.666666666666667e-6, epoch: 0.125 });
    expect(curve.every((p) => p.step % 5 === 0)).toBe(true);
  });

  it('reads a summary-only LoRA run (Qwen3): no loss at the step, with the reason', () => {
    const state = parsed('summary-only_qwen3-lora.json');
    expect(state.global_step).toBe(768);
    expect(evalLossAt(state)).toEqual({ loss: null, step: 768, reason: 'no eval_loss logged at step 768 (no evals in log_history)' });
    expect(trainingCurve(state)).toEqual([]);
    expect(finalTrainLoss(state)).toBeCloseTo(0.9732094605763754, 12);
    expect(bestCheckpointName(state)).toBeNull();
  });
});

describe('parseTrainerState on bad input', () => {
  it('names the field of a wrong value', () => {
    const text = JSON.stringify({ global_step: 10, log_history: [{ step: 5, loss: 1 }, { step: 10, eval_loss: 'low' }] });
    expect(parseTrainerState(text, '/c/checkpoint-10/trainer_state.json')).toEqual({
      ok: false,
      problem: { source: '/c/checkpoint-10/trainer_state.json', where: 'log_history[1].eval_loss', message: expect.stringMatching(/expected number/) },
    });
  });

  it('names a missing global_step', () => {
    const result = parseTrainerState('{"log_history": []}', 'f.json');
    expect(!result.ok && result.problem.where).toBe('global_step');
  });

  it('names the line of a syntax error', () => {
    const result = parseTrainerState('{\n  "global_step": 10,\n  "log_history": [\n', 'f.json');
    expect(!result.ok && result.problem.where).toMatch(/^line 4/);
  });

  it('says when the eval is from an earlier step than the checkpoint', () => {
    const state = parseTrainerState(
      JSON.stringify({ global_step: 30, log_history: [{ step: 20, eval_loss: 0.4 }, { step: 30, loss: 0.3 }] }),
      'f',
    );
    expect(state.ok && evalLossAt(state.state)).toEqual({ loss: null, step: 30, reason: 'no eval_loss logged at step 30 (last eval at step 20)' });
  });

  it('a finite file has no non-finite values listed', () => {
    const result = parseTrainerState('{"global_step": 5, "log_history": [{"step": 5, "eval_loss": 0.5}]}', 'f');
    expect(result.ok && result.nonFinite).toEqual([]);
  });
});

describe('hostile input: trainer_state.json as Python writes it', () => {
  it('reads NaN, Infinity and a BOM as Python wrote them: kept, named, and never a loss to compare', () => {
    // A fp16 run that overflowed at step 20 and diverged at 30, saved by Python's json (allow_nan).
    const text = '\uFEFF{"global_step": 30, "best_metric": NaN, "log_history": [' +
      '{"step": 20, "loss": 0.9, "grad_norm": Infinity}, {"step": 20, "eval_loss": 0.7},' +
      '{"step": 30, "loss": NaN, "grad_norm": NaN}, {"step": 30, "eval_loss": NaN}]}';
    const result = parseTrainerState(text, 'checkpoint-30/trainer_state.json');
    if (!result.ok) throw new Error(result.problem.message);
    expect(result.nonFinite).toEqual([
      { path: 'best_metric', value: 'NaN' },
      { path: 'log_history[0].grad_norm', value: 'Infinity' },
      { path: 'log_history[2].loss', value: 'NaN' },
      { path: 'log_history[2].grad_norm', value: 'NaN' },
      { path: 'log_history[3].eval_loss', value: 'NaN' },
    ]);
    expect(result.state.log_history[0]!.grad_norm).toBe(Infinity);
    expect(Number.isNaN(result.state.log_history[2]!.loss)).toBe(true);
    // Not turned into 0: the loss at the checkpoint's step is unavailable, with the reason.
    expect(evalLossAt(result.state)).toEqual({ loss: null, step: 30, reason: 'eval_loss logged at step 30 is NaN (not finite: the run may have diverged)' });
  });
});
