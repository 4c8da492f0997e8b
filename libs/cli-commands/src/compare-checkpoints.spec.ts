import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from './cli.js';
import { bufferIo } from './cli-io.js';
import { compareEvaluations } from './compare-checkpoints.js';
import { checkpointEvaluation, checkpointNameOf } from './eval-records.js';
import { recordsOf, writeEvaluation, writeValidationSet } from './eval-results.fixture.js';

// checkpoint-100: e1 e2 e4 right → 3/6; golden nll 1..6 over 2 tokens each → 21 / 12 = 1.75;
// every confidence 0.9 → one bin (0.8–1.0) with accuracy 0.5: ECE |0.5 − 0.9| = 0.4;
// e6 hit max_tokens (256) → 5 of 6 answers well-formed.
const FIRST = recordsOf([
  { correct: true, confidence: 0.9, nll: 1 },
  { correct: true, confidence: 0.9, nll: 2 },
  { correct: false, confidence: 0.9, nll: 3 },
  { correct: true, confidence: 0.9, nll: 4 },
  { correct: false, confidence: 0.9, nll: 5 },
  { correct: false, confidence: 0.9, nll: 6, outputTokens: 256 },
]);
// checkpoint-200: all but e2 right → 5/6; nll 1 × 6 / 12 tokens = 0.5;
// bins: [0,0.2) e2 (0.1, wrong) → 0.1; [0.6,0.8) e5 e6 (0.7, right) → 0.3; [0.8,1] e1 e3 e4 (0.9, right) → 0.1;
// ECE = (1·0.1 + 2·0.3 + 3·0.1) / 6 = 1/6.
const SECOND = recordsOf([
  { correct: true, confidence: 0.9 },
  { correct: false, confidence: 0.1 },
  { correct: true, confidence: 0.9 },
  { correct: true, confidence: 0.9 },
  { correct: true, confidence: 0.7 },
  { correct: true, confidence: 0.7 },
]);

async function fixture() {
  const { dir, remove } = await tempDir('cli-compare');
  const evalsDir = path.join(dir, 'status', 'evals');
  // An older validation evaluation and a newer one of another set: neither is the one compared.
  await writeEvaluation(evalsDir, 'checkpoint-100', 'old', recordsOf(Array(6).fill({ correct: false })), { evaluatedAt: '2026-05-01T00:00:00.000Z' });
  await writeEvaluation(evalsDir, 'checkpoint-100', 'suite', recordsOf(Array(6).fill({ correct: true })), { evaluatedAt: '2026-07-01T00:00:00.000Z', exampleSet: 'suite' });
  await writeEvaluation(evalsDir, 'checkpoint-100', 'new', FIRST, { evaluatedAt: '2026-06-01T00:00:00.000Z' });
  await writeFile(path.join(evalsDir, 'checkpoint-100', 'torn.json'), '{"checkpoint": "checkpoint-100", ');
  await writeEvaluation(evalsDir, 'checkpoint-200', 'k', SECOND);
  await writeValidationSet(path.join(dir, 'data'));
  return { dir, evalsDir, remove };
}

describe('compareEvaluations', () => {
  it('gives accuracy, loss, ECE and quality per checkpoint and the paired McNemar test', async () => {
    const { evalsDir, remove } = await fixture();
    try {
      const a = await checkpointEvaluation(evalsDir, 'checkpoint-100');
      const b = await checkpointEvaluation(evalsDir, 'checkpoint-200');
      // The newest validation evaluation: not the older one, not the newer one of another set.
      expect(a.evaluatedAt).toBe('2026-06-01T00:00:00.000Z');
      const c = compareEvaluations(a, b, { bins: 5, goldens: new Map([['e2', 'g2']]) });
      expect(c.checkpoint1).toMatchObject({ checkpoint: 'checkpoint-100', step: 100, examples: 6, accuracy: 0.5, by_difficulty: { easy: 1, medium: 0.5, hard: 0 } });
      expect(c.checkpoint1.loss).toBeCloseTo(1.75, 12);
      expect(c.checkpoint1.ece).toBeCloseTo(0.4, 12);
      expect(c.checkpoint1.quality).toBeCloseTo(5 / 6, 12);
      expect(c.checkpoint2).toMatchObject({ checkpoint: 'checkpoint-200', step: 200, accuracy: 5 / 6, by_difficulty: { easy: 0.5, medium: 1, hard: 1 }, quality: 1 });
      expect(c.checkpoint2.loss).toBeCloseTo(0.5, 12);
      expect(c.checkpoint2.ece).toBeCloseTo(1 / 6, 12);
      // Both right: e1 e4; both wrong: none; only 100: e2; only 200: e3 e5 e6.
      // McNemar: 4 discordant pairs, min 1: 2 · (C(4,0) + C(4,1)) / 2⁴ = 2 · 5/16 = 0.625.
      expect(c.paired).toMatchObject({ examples: 6, both_right: 2, both_wrong: 0, only_checkpoint1: 1, only_checkpoint2: 3 });
      expect(c.paired.mcnemar_p_value).toBeCloseTo(0.625, 12);
      expect(c.disagreements.map((d) => [d.id, d.correct1, d.correct2])).toEqual([['e2', true, false], ['e3', false, true], ['e5', false, true], ['e6', false, true]]);
      expect(c.disagreements[0]).toMatchObject({ golden: 'g2', output1: 'g2', output2: 'wrong' });
      expect(c.disagreements[1]!.golden).toBeNull();
    } finally {
      await remove();
    }
  });

  it('pairs only the examples both checkpoints were evaluated on', () => {
    const c = compareEvaluations(
      { ...baseResult('checkpoint-1'), records: SECOND.slice(0, 4) },
      { ...baseResult('checkpoint-2'), records: FIRST.slice(2) },
      { bins: 5 },
    );
    // Shared: e3 (right on the first, wrong on the second), e4 (right on both). The rest stand alone.
    expect(c.paired).toMatchObject({ examples: 2, both_right: 1, only_checkpoint1: 1, only_checkpoint2: 0 });
    expect(c.paired.mcnemar_p_value).toBe(1);
  });
});

function baseResult(checkpoint: string) {
  return {
    checkpoint, checkpointId: 'x', exampleSet: 'validation', exampleSetId: 's', params: { maxTokens: 256, temperature: 0, stop: [] },
    backend: 'b', summary: { examples: 0, correct: 0, accuracy: null, meanConfidence: null, goldenLoss: null, goldenTokens: 0, unsupported: {}, skippedLines: 0, cachedRecords: 0 },
    problems: [], evaluatedAt: '2026-06-01T00:00:00.000Z',
  };
}

describe('checkpoint names and missing records', () => {
  it('takes the seed\'s paths and keeps only the folder name', () => {
    expect(checkpointNameOf('compare', 'checkpoint1', 'models/checkpoint-1400/')).toBe('checkpoint-1400');
    expect(() => checkpointNameOf('compare', 'checkpoint1', '../../etc/passwd')).toThrow('--checkpoint1 "../../etc/passwd" does not name a checkpoint');
  });

  it('names the checkpoint without records, where it looked and what is there', async () => {
    const { evalsDir, remove } = await fixture();
    try {
      await expect(checkpointEvaluation(evalsDir, 'checkpoint-300')).rejects.toThrow(
        `checkpoint-300 has no evaluation records in ${path.join(evalsDir, 'checkpoint-300')}: evaluated checkpoints: checkpoint-100, checkpoint-200`,
      );
      await expect(checkpointEvaluation(evalsDir, 'checkpoint-200', 'suite')).rejects.toThrow('checkpoint-200 has no evaluation records on "suite"');
      await mkdir(path.join(evalsDir, 'checkpoint-400'));
      await writeFile(path.join(evalsDir, 'checkpoint-400', 'bad.json'), '[]');
      await expect(checkpointEvaluation(evalsDir, 'checkpoint-400')).rejects.toThrow(/unreadable: .*bad\.json: not an evaluation result/);
    } finally {
      await remove();
    }
  });
});

describe('flywheel compare', () => {
  it('prints the comparison, and JSON with --json', async () => {
    const { dir, remove } = await fixture();
    try {
      const io = bufferIo({ cwd: dir });
      expect(await runCli(['compare', '--checkpoint1', 'models/checkpoint-100', '--checkpoint2', 'checkpoint-200', '--base-dir', dir, '--show', '1'], { io, workspaceRoot: dir })).toBe(0);
      const text = io.out();
      expect(text).toMatch(/^accuracy\s+50\.0%\s+83\.3%\s+\+33\.3 pts$/m);
      expect(text).toMatch(/^ECE\s+0\.4000\s+0\.1667\s+-0\.2333$/m);
      expect(text).toContain('paired on 6 shared examples: both right 2, both wrong 0, only checkpoint-100 right 1, only checkpoint-200 right 3');
      expect(text).toContain('McNemar exact test (two-sided): p = 0.6250 (within noise at the 5% level)');
      expect(text).toContain('examples they disagree on (1 of 4):\n  e2 [easy, arithmetic] golden: g2');

      const json = bufferIo({ cwd: dir });
      expect(await runCli(['compare', '--checkpoint1', 'checkpoint-100', '--checkpoint2', 'checkpoint-200', '--json'], { io: json, workspaceRoot: dir })).toBe(0);
      expect(JSON.parse(json.out()).disagreements).toHaveLength(4);
    } finally {
      await remove();
    }
  });

  it('exits 1 naming the checkpoint without records, and 2 without a checkpoint', async () => {
    const { dir, remove } = await fixture();
    try {
      const io = bufferIo({ cwd: dir });
      expect(await runCli(['compare', '--checkpoint1', 'checkpoint-100', '--checkpoint2', 'checkpoint-999'], { io, workspaceRoot: dir })).toBe(1);
      expect(io.err()).toMatch(/^flywheel compare: checkpoint-999 has no evaluation records in /);
      const missing = bufferIo({ cwd: dir });
      expect(await runCli(['compare', '--checkpoint1', 'checkpoint-100'], { io: missing, workspaceRoot: dir })).toBe(2);
      expect(missing.err()).toBe('flywheel compare: --checkpoint2 is required (see flywheel compare --help)\n');
    } finally {
      await remove();
    }
  });
});
