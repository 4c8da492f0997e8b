import { describe, expect, it } from '@jest/globals';
import { startSimulatorServer, type SimulatorStats } from '@flywheel/simulation';
import { freePort, tempDir } from '@flywheel/testing';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from './cli.js';
import { bufferIo } from './cli-io.js';
import { EXAMPLES, writeValidationSet } from './eval-results.fixture.js';
import type { ValidationReport } from './quick-validation.js';

// The simulated model server stands in for vLLM: a served model named like a checkpoint of
// step 800 answers each example right or wrong by its skill model, right meaning the golden
// itself and wrong an answer the exact grader rejects (libs/simulation/README.md).
const MODEL = 'qwen-checkpoint-800';

describe('flywheel validate', () => {
  it('asks the first N examples of the validation set once each and writes the report', async () => {
    const { dir, remove } = await tempDir('cli-validate');
    const server = await startSimulatorServer({ examples: EXAMPLES, baseModel: MODEL });
    try {
      await writeValidationSet(path.join(dir, 'data'));
      const io = bufferIo({ cwd: dir });
      const code = await runCli(['validate', '--model-path', MODEL, '--samples', '4', '--output', 'out/report.json', '--backend-url', server.url, '--base-dir', dir], { io, workspaceRoot: dir });
      expect(io.err()).not.toContain('failed');
      expect(code).toBe(0);
      const report = JSON.parse(await readFile(path.join(dir, 'out', 'report.json'), 'utf8')) as ValidationReport;

      expect(report).toMatchObject({ model: MODEL, backend_url: server.url, backend_profile: 'vllm', example_set: 'validation', examples_available: 6, samples: 4 });
      expect(report.results.map((r) => r.id)).toEqual(['e1', 'e2', 'e3', 'e4']);
      // Right is the golden itself.
      for (const r of report.results) expect(r.correct).toBe(r.prediction.trim() === r.golden);
      const right = (ids: string[]) => report.results.filter((r) => ids.includes(r.id) && r.correct).length;
      expect(report.correct).toBe(right(['e1', 'e2', 'e3', 'e4']));
      expect(report.accuracy).toBe(report.correct / 4);
      expect(report.by_difficulty).toEqual({ easy: right(['e1', 'e2']) / 2, medium: right(['e3', 'e4']) / 2, hard: null });
      expect(report.examples_by_difficulty).toEqual({ easy: 2, medium: 2, hard: 0 });
      // vLLM's profile has token and prompt logprobs: both figures are measured.
      expect(report.mean_confidence).not.toBeNull();
      expect(report.golden_loss).not.toBeNull();
      expect(report.unsupported).toEqual({});

      // One answer and one golden score per asked example, nothing for the rest.
      const stats = (await (await fetch(`${server.url}/simulator/stats`)).json()) as SimulatorStats;
      expect(stats.inferences[MODEL]).toEqual({
        e1: { generate: 1, score: 1 }, e2: { generate: 1, score: 1 }, e3: { generate: 1, score: 1 }, e4: { generate: 1, score: 1 },
      });
      // Progress on stderr (a line per tenth: every example of four), the summary last.
      const lines = io.err().trim().split('\n');
      expect(lines[0]).toBe(`flywheel validate: 4 examples on "${MODEL}" at ${server.url} (vllm)`);
      expect(lines.filter((l) => /^validated: \d\/4 \(e\d (right|wrong)\)$/.test(l))).toHaveLength(4);
      expect(lines.at(-1)).toBe(`accuracy ${(report.accuracy! * 100).toFixed(1)}% (${report.correct}/4; easy ${(report.by_difficulty.easy! * 100).toFixed(1)}%, medium ${(report.by_difficulty.medium! * 100).toFixed(1)}%, hard -); report: ${path.join(dir, 'out', 'report.json')}`);
      expect(io.out()).toBe('');
    } finally {
      await server.close();
      await remove();
    }
  });

  it('exits 1 naming the model and the failure when the server refuses or is down, and writes nothing', async () => {
    const { dir, remove } = await tempDir('cli-validate');
    const server = await startSimulatorServer({ examples: EXAMPLES, baseModel: MODEL });
    try {
      await writeValidationSet(path.join(dir, 'data'));
      const unknown = bufferIo({ cwd: dir });
      const flags = ['--samples', '2', '--output', 'r.json', '--base-dir', dir, '--set', 'backend.retries=0'];
      expect(await runCli(['validate', '--model-path', 'no-such-model', '--backend-url', server.url, ...flags], { io: unknown, workspaceRoot: dir })).toBe(1);
      expect(unknown.err()).toMatch(/flywheel validate: validation of "no-such-model" failed: .*404/);
      const down = bufferIo({ cwd: dir });
      const deadUrl = `http://127.0.0.1:${await freePort()}`;
      expect(await runCli(['validate', '--model-path', MODEL, '--backend-url', deadUrl, ...flags], { io: down, workspaceRoot: dir })).toBe(1);
      expect(down.err()).toContain(`flywheel validate: validation of "${MODEL}" failed: `);
      await expect(access(path.join(dir, 'r.json'))).rejects.toThrow();

      const noSet = bufferIo({ cwd: dir });
      expect(await runCli(['validate', '--model-path', MODEL, '--output', 'r.json', '--base-dir', path.join(dir, 'empty')], { io: noSet, workspaceRoot: dir })).toBe(1);
      expect(noSet.err()).toBe(`flywheel validate: example set "validation": cannot read ${path.join(dir, 'empty', 'data', 'validation')} (ENOENT)\n`);
      const noModel = bufferIo({ cwd: dir });
      expect(await runCli(['validate', '--output', 'r.json'], { io: noModel, workspaceRoot: dir })).toBe(2);
      expect(noModel.err()).toBe('flywheel validate: --model-path is required (see flywheel validate --help)\n');
    } finally {
      await server.close();
      await remove();
    }
  });
});
