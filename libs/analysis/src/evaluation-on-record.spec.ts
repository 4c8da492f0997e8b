import { describe, expect, it } from '@jest/globals';
import type { EvaluationResult } from '@flywheel/contracts';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { evaluationOnRecord } from './evaluation-on-record.js';

const result = (checkpoint: string, exampleSetId: string, maxTokens = 256): EvaluationResult => ({
  checkpoint,
  checkpointId: `id-${checkpoint}`,
  exampleSet: 'validation',
  exampleSetId,
  params: { maxTokens, temperature: 0, stop: [] },
  backend: 'vllm:test',
  summary: { examples: 0, correct: 0, accuracy: null, meanConfidence: null, goldenLoss: null, goldenTokens: 0, unsupported: {}, skippedLines: 0, cachedRecords: 0 },
  problems: [],
  records: [],
  evaluatedAt: '2026-06-01T12:00:00.000Z',
});

describe('evaluationOnRecord', () => {
  it("takes a pruned checkpoint's cached result of the same suite and params, skipping others and broken files", async () => {
    const evalsDir = await mkdtemp(path.join(tmpdir(), 'evals-'));
    try {
      const dir = path.join(evalsDir, 'checkpoint-100');
      await mkdir(dir, { recursive: true });
      // Sorted by file name: a broken file, another example set, other params, then the match.
      await writeFile(path.join(dir, 'a.json'), '{"checkpoint": "checkpoint-100", ');
      await writeFile(path.join(dir, 'b.json'), JSON.stringify(result('checkpoint-100', 'set-0')));
      await writeFile(path.join(dir, 'c.json'), JSON.stringify(result('checkpoint-100', 'set-1', 64)));
      await writeFile(path.join(dir, 'd.json'), JSON.stringify({ ...result('checkpoint-100', 'set-1'), backend: 'the match' }));
      const like = result('checkpoint-900', 'set-1');
      expect((await evaluationOnRecord(evalsDir, 'checkpoint-100', like))?.backend).toBe('the match');
      expect(await evaluationOnRecord(evalsDir, 'checkpoint-100', result('checkpoint-900', 'set-2'))).toBeNull();
      expect(await evaluationOnRecord(evalsDir, 'checkpoint-200', like)).toBeNull();
    } finally {
      await rm(evalsDir, { recursive: true, force: true });
    }
  });
});
