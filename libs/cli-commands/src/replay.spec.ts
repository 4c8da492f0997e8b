import { loadConfig } from '@flywheel/config';
import { describe, expect, it } from '@jest/globals';
import { bufferIo } from './cli-io.js';
import { runCli } from './cli.js';
import { parseReplayRecords } from './replay-records.js';
import { replayRun } from './replay-run.js';
import { tempDir } from '@flywheel/testing';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const AT = new Date('2026-03-01T12:00:00.000Z');

/** `right` of 100 examples right (e0 … e<right−1>), each with golden loss `loss`. */
function lines(step: number, right: number, loss: number): string[] {
  return Array.from({ length: 100 }, (_, i) =>
    JSON.stringify({ checkpoint: `checkpoint-${step}`, step, example_id: `e${i}`, difficulty: (['easy', 'medium', 'hard'] as const)[i % 3], correct: i < right, golden_loss: loss }),
  );
}
const RUN = [...lines(100, 60, 1.0), ...lines(200, 80, 0.6), ...lines(300, 80, 0.6), ...lines(400, 60, 1.0)].join('\n');

describe('parseReplayRecords', () => {
  it('reads per-example records by checkpoint, in step order', () => {
    const parsed = parseReplayRecords([...lines(200, 1, 0.5).slice(0, 2), ...lines(100, 1, 0.5).slice(0, 2)].join('\n'), 'run.jsonl');
    expect(parsed.problems).toEqual([]);
    expect(parsed.checkpoints.map((c) => [c.checkpoint, c.result.records.length, c.result.summary.correct, c.result.summary.goldenLoss])).toEqual([
      ['checkpoint-100', 2, 1, 0.5], ['checkpoint-200', 2, 1, 0.5],
    ]);
  });
  it('names every unusable line and leaves it out', () => {
    const good = lines(100, 1, 0.5)[0]!;
    const text = [good, '{"checkpoint": "checkpoint-100"', JSON.stringify({ ...JSON.parse(good), correct: 'yes' }), good, JSON.stringify({ ...JSON.parse(good), example_id: 'e9', step: 7 })].join('\n');
    const parsed = parseReplayRecords(text, 'run.jsonl');
    expect(parsed.problems.map((p) => [p.where, p.message.split(':')[0]])).toEqual([
      ['line 2', 'not JSON'], ['line 3', 'correct'], ['line 4', 'checkpoint-100 already has a record for e0'], ['line 5', 'checkpoint-100 has step 100 on earlier lines, 7 here'],
    ]);
    expect(parsed.checkpoints[0]!.result.records).toHaveLength(1);
  });
});

describe('replayRun', () => {
  it("replays the daemons' decisions: first champion, a promotion, then a drop flagged against the champion", async () => {
    const config = loadConfig({ argv: [], env: {}, cwd: process.cwd() });
    const out = await replayRun(parseReplayRecords(RUN, 'run.jsonl').checkpoints, config, AT);
    expect(out.map((l) => [l.checkpoint, l.look, l.deployment.deployed, l.serving, l.champion?.champion])).toEqual([
      ['checkpoint-100', 1, true, 'checkpoint-100', 'checkpoint-100'],
      ['checkpoint-200', 2, true, 'checkpoint-200', 'checkpoint-200'],
      ['checkpoint-300', 3, false, 'checkpoint-200', 'checkpoint-200'],
      ['checkpoint-400', 4, false, 'checkpoint-200', 'checkpoint-200'],
    ]);
    // 200 gained 20 examples on 100 and lost none: the paired test promotes it.
    expect(out[1]!.champion).toMatchObject({ how: 'promoted', previous: 'checkpoint-100' });
    // 300 ties with the champion: ranked first (the newer wins a tie), but the paired test shows no gain.
    expect(out[2]!.deployment.gates.find((g) => g.gate === 'better')?.pass).toBe(false);
    // 400 lost the 20 examples again: 20 points below the champion, flagged by both daemons, compared with the champion.
    const testing = out[3]!.automated_testing;
    expect(testing).toMatchObject({ regression_detected: true, baseline: 'checkpoint-200', overall_accuracy: 0.6 });
    expect(out[3]!.regression_monitoring).toMatchObject({ regression_detected: true, baseline_checkpoint: 'checkpoint-200' });
    expect((out[3]!.regression_monitoring.evidence as { cumulative: { increase_percent: number } }).cumulative.increase_percent).toBeCloseTo(((1.0 - 0.6) / 0.6) * 100, 1);
  });
});

describe('flywheel replay', () => {
  it('prints one JSON line per checkpoint, and reports bad lines on stderr with exit code 1', async () => {
    const { dir, remove } = await tempDir('replay');
    try {
      const file = path.join(dir, 'run.jsonl');
      await writeFile(file, RUN + '\nnot json\n');
      const io = bufferIo({ cwd: dir, now: () => AT });
      expect(await runCli(['replay', 'run.jsonl', '--base-dir', dir], { io, workspaceRoot: dir })).toBe(1);
      const printed = io.out().trim().split('\n').map((l) => JSON.parse(l) as { checkpoint: string });
      expect(printed.map((l) => l.checkpoint)).toEqual(['checkpoint-100', 'checkpoint-200', 'checkpoint-300', 'checkpoint-400']);
      expect(io.err()).toContain(`${file}:401: not JSON`);
      expect(await runCli(['replay', '--base-dir', dir], { io: bufferIo({ cwd: dir }), workspaceRoot: dir })).toBe(2);

      // The same run from the evaluator's records (status/evals/<checkpoint>/<key>.json): the same decisions.
      for (const c of parseReplayRecords(RUN, file).checkpoints) {
        await mkdir(path.join(dir, 'status', 'evals', c.checkpoint), { recursive: true });
        await writeFile(path.join(dir, 'status', 'evals', c.checkpoint, 'k.json'), JSON.stringify(c.result));
      }
      const fromEvals = bufferIo({ cwd: dir, now: () => AT });
      expect(await runCli(['replay', '--from-evals', 'status', '--base-dir', dir], { io: fromEvals, workspaceRoot: dir })).toBe(0);
      expect(fromEvals.out()).toBe(io.out());
    } finally {
      await remove();
    }
  });
});
