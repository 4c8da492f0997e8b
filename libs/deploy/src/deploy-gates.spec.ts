import { describe, expect, it } from '@jest/globals';
import { inspectCheckpoint } from '@flywheel/checkpoints';
import { fp16TrainerState, tempDir } from '@flywheel/testing';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deployGates, type GateInputs } from './deploy-gates.js';

const complete = async () => ({ complete: true });
const promotion = { champion: 'checkpoint-1', challenger: 'checkpoint-2', pass: true, test: 'paired z-test', challenger_score: 0.79, reason: 'checkpoint-2 is better: promote.' };
const comparison = {
  best_checkpoint: 'checkpoint-2',
  rankings: [{ checkpoint: 'checkpoint-2', score: 0.8 }, { checkpoint: 'checkpoint-1', score: 0.7 }],
  promotion,
};
const inputs = (over: Partial<GateInputs> = {}): GateInputs => ({
  comparison, testing: null, regression: null, champion: { champion: 'checkpoint-1' }, deployed: 'checkpoint-1', complete, ...over,
});
const failed = async (over: Partial<GateInputs>) => (await deployGates(inputs(over))).checks.filter((c) => !c.pass).map((c) => c.gate);

describe('deployGates', () => {
  it('passes a challenger that won the paired test against the champion, with the test as evidence', async () => {
    const result = await deployGates(inputs());
    // The champion's score is the one the paired test saw (on the shared examples).
    expect(result).toMatchObject({ candidate: 'checkpoint-2', pass: true, score: 0.79, champion: 'checkpoint-1', becomes: 'promoted' });
    expect(result.checks.find((c) => c.gate === 'better')).toMatchObject({ pass: true, test: 'paired z-test', detail: promotion.reason, evidence: promotion });
  });
  it('names the gate that refuses', async () => {
    expect(await failed({ testing: { checkpoint: 'checkpoint-2', regression_detected: true } })).toEqual(['no regression (automated-testing)']);
    expect(await failed({ regression: { checkpoint: 'checkpoint-2', regression_detected: true } })).toEqual(['no regression (regression-monitor)']);
    expect(await failed({ deployed: 'checkpoint-2' })).toContain('new');
    expect(await failed({ complete: async () => ({ complete: false, reason: 'no weights' }) })).toEqual(['complete']);
    expect(await failed({ comparison: { ...comparison, promotion: { ...promotion, pass: false, reason: 'not shown better' } } })).toEqual(['better']);
    // Rolled back from by hand: never promoted again, whatever the test says.
    expect(await failed({ champion: { champion: 'checkpoint-1', rejected: ['checkpoint-2'] } })).toEqual(['not rejected']);
  });
  it('fails closed, never "nothing to beat", when the champion cannot be tested against', async () => {
    const detail = async (over: Partial<GateInputs>) => (await deployGates(inputs(over))).checks.find((c) => c.gate === 'better')!;
    // The champion fell out of the ranking window: no test against it.
    expect(await detail({ comparison: { ...comparison, promotion: null } })).toMatchObject({ pass: false, detail: expect.stringContaining('no promotion test against champion checkpoint-1') });
    // A test against another checkpoint than the champion.
    expect(await detail({ champion: { champion: 'checkpoint-0' } })).toMatchObject({ pass: false, detail: expect.stringContaining('not champion checkpoint-0') });
    // Deployed, but champion.json missing.
    expect(await detail({ champion: null })).toMatchObject({ pass: false, detail: expect.stringContaining('champion.json records no champion') });
    // A test of another challenger.
    expect(await detail({ comparison: { ...comparison, best_checkpoint: 'checkpoint-3' } })).toMatchObject({ pass: false, detail: expect.stringContaining('not of checkpoint-3') });
  });
  it('deploys the checkpoint model-comparison tested when the best was rejected by a rollback', async () => {
    const tested = { ...promotion, challenger: 'checkpoint-3' };
    const result = await deployGates(inputs({ champion: { champion: 'checkpoint-1', rejected: ['checkpoint-2'] }, comparison: { ...comparison, promotion: tested } }));
    expect(result).toMatchObject({ candidate: 'checkpoint-3', pass: true });
  });
  it('lets the first checkpoint of a run through when there is no champion and nothing deployed', async () => {
    const result = await deployGates(inputs({ champion: null, deployed: null, comparison: { ...comparison, promotion: null } }));
    expect(result).toMatchObject({ pass: true, becomes: 'first', score: 0.8 });
  });
});

describe('hostile input: the deploy gates and the files they trust', () => {
  it('refuses a best checkpoint that is not a checkpoint folder name, before it becomes a path or a command argument', async () => {
    for (const name of ['../../etc', 'checkpoint-2/../../x', '--help', 'checkpoint-2 ; rm -rf /']) {
      const result = await deployGates(inputs({ comparison: { ...comparison, best_checkpoint: name } }));
      expect(result).toMatchObject({ candidate: null, pass: false, becomes: null });
      expect(result.checks).toEqual([{ gate: 'name', pass: false, test: 'the candidate is a checkpoint folder name (checkpoint-<step>)', detail: `model_comparisons.json names ${JSON.stringify(name)}, which is not a checkpoint name: refused` }]);
    }
  });
  it('passes the complete gate for a checkpoint whose trainer_state.json Python wrote with NaN, Infinity and a BOM', async () => {
    const { dir, remove } = await tempDir('gates-fp16');
    try {
      const folder = path.join(dir, 'checkpoint-2');
      await mkdir(folder);
      await writeFile(path.join(folder, 'adapter_model.safetensors'), 'w');
      // An fp16 run's overflow (grad_norm inf) as Python's json saves it.
      await writeFile(path.join(folder, 'trainer_state.json'), fp16TrainerState(2));
      const result = await deployGates(inputs({ complete: (name) => inspectCheckpoint(path.join(dir, name)) }));
      expect(result).toMatchObject({ candidate: 'checkpoint-2', pass: true, becomes: 'promoted' });
      expect(result.checks.find((c) => c.gate === 'complete')).toEqual({ gate: 'complete', pass: true, test: 'trainer_state, weights, nothing in flight', detail: 'complete on disk' });
    } finally {
      await remove();
    }
  });
});
