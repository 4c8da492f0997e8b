import { afterEach, describe, expect, it } from '@jest/globals';
import type { StatusIssue } from '@flywheel/contracts';
import { fp16TrainerState, tempDir, waitFor } from '@flywheel/testing';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { watchCheckpoints, type CheckpointWatcher, type ReadyCheckpoint } from './watch.js';

const state = (step: number) => JSON.stringify({ global_step: step, log_history: [{ step, eval_loss: 0.5 }] });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp() {
  const { dir, remove } = await tempDir('watch');
  const ready: ReadyCheckpoint[] = [];
  const problems: StatusIssue[] = [];
  let watcher: CheckpointWatcher | undefined;
  cleanups.push(remove, async () => watcher?.close());
  const start = async () => {
    watcher = watchCheckpoints(dir, { settleMs: 150, onReady: (c) => ready.push(c), onProblem: (p) => problems.push(p) });
    await watcher.ready;
  };
  const writeCheckpoint = async (name: string, step: number) => {
    await mkdir(path.join(dir, name), { recursive: true });
    await writeFile(path.join(dir, name, 'model.safetensors'), 'weights');
    await writeFile(path.join(dir, name, 'trainer_state.json'), state(step));
  };
  return { dir, ready, problems, start, writeCheckpoint };
}

describe('watchCheckpoints', () => {
  it('announces checkpoints already present, once each', async () => {
    const t = await setUp();
    await t.writeCheckpoint('checkpoint-10', 10);
    await t.writeCheckpoint('checkpoint-20', 20);
    await t.start();
    await waitFor(() => t.ready.length === 2, { what: 'two checkpoints' });
    await writeFile(path.join(t.dir, 'checkpoint-10', 'README.md'), 'touched after announcing');
    await new Promise((r) => setTimeout(r, 600));
    expect(t.ready.map((c) => [c.name, c.step, c.trainerState.global_step]).sort()).toEqual([
      ['checkpoint-10', 10, 10], ['checkpoint-20', 20, 20],
    ]);
  });

  it('waits for a checkpoint written in two phases, and announces it once', async () => {
    const t = await setUp();
    await t.start();
    const folder = path.join(t.dir, 'checkpoint-30');
    await mkdir(folder);
    await writeFile(path.join(folder, 'model.safetensors'), 'weights');
    await new Promise((r) => setTimeout(r, 500));
    expect(t.ready).toEqual([]);
    await writeFile(path.join(folder, 'trainer_state.json'), state(30));
    await waitFor(() => t.ready.length === 1, { what: 'checkpoint-30' });
    await new Promise((r) => setTimeout(r, 500));
    expect(t.ready.map((c) => c.name)).toEqual(['checkpoint-30']);
  });

  it("picks up Trainer's tmp-checkpoint rename", async () => {
    const t = await setUp();
    await t.start();
    await t.writeCheckpoint('tmp-checkpoint-40', 40);
    await new Promise((r) => setTimeout(r, 400));
    expect(t.ready).toEqual([]);
    await rename(path.join(t.dir, 'tmp-checkpoint-40'), path.join(t.dir, 'checkpoint-40'));
    await waitFor(() => t.ready.length === 1, { what: 'the renamed checkpoint' });
    expect(t.ready[0]!.path).toBe(path.join(t.dir, 'checkpoint-40'));
  });

  it('reports a malformed checkpoint, keeps announcing others, and announces it once fixed', async () => {
    const t = await setUp();
    const broken = path.join(t.dir, 'checkpoint-50');
    await mkdir(broken);
    await writeFile(path.join(broken, 'model.safetensors'), 'weights');
    await writeFile(path.join(broken, 'trainer_state.json'), JSON.stringify({ global_step: 50, log_history: [{ step: 50, eval_loss: 'low' }] }));
    await t.start();
    await waitFor(() => t.problems.length === 1, { what: 'the problem report' });
    expect(t.problems[0]).toMatchObject({ source: path.join(broken, 'trainer_state.json'), where: 'log_history[0].eval_loss' });
    await t.writeCheckpoint('checkpoint-60', 60);
    await waitFor(() => t.ready.some((c) => c.name === 'checkpoint-60'), { what: 'checkpoint-60' });
    await writeFile(path.join(broken, 'trainer_state.json'), state(50));
    await waitFor(() => t.ready.some((c) => c.name === 'checkpoint-50'), { what: 'the fixed checkpoint' });
    expect(t.problems).toHaveLength(1);
  });
});

describe('hostile input: local mode and a trainer_state.json Python wrote with NaN, Infinity and a BOM', () => {
  it('announces the checkpoint with its non-finite values kept, and reports no problem', async () => {
    const t = await setUp();
    const folder = path.join(t.dir, 'checkpoint-30');
    await mkdir(folder);
    await writeFile(path.join(folder, 'model.safetensors'), 'weights');
    // An fp16 overflow at step 30 (grad_norm inf), saved by Python's json with a BOM.
    await writeFile(path.join(folder, 'trainer_state.json'), fp16TrainerState(30));
    await t.writeCheckpoint('checkpoint-40', 40);
    await t.start();
    await waitFor(() => t.ready.length === 2, { what: 'both checkpoints announced' });
    const fp16 = t.ready.find((c) => c.name === 'checkpoint-30')!;
    expect([fp16.step, fp16.trainerState.global_step, fp16.trainerState.log_history[0]!.grad_norm]).toEqual([30, 30, Infinity]);
    expect(Number.isNaN(fp16.trainerState.best_metric)).toBe(true);
    expect(t.problems).toEqual([]);
  });
});
