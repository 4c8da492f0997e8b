import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@flywheel/config';
import { ChampionStatus, EvaluationResult, type EvalRecord } from '@flywheel/contracts';
import { windowMetrics } from '@flywheel/production-monitor';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { categoryScores } from './category-scores.js';
import { readKnowledgeRetention } from './knowledge-retention.js';

const record = (id: string, skill: string, correct: boolean): EvalRecord => ({
  exampleId: id, difficulty: 'easy', skill, prediction: 'p', correct, think: { present: false, closed: false, length: 0 }, confidence: 0.8,
  golden: { unsupported: 'no echo logprobs' }, outputTokens: 5, latencyMs: 12, backend: 'vllm:test', cacheKey: `k-${id}`,
});
/** `right` of `total` examples of `skill` correct. */
const skill = (name: string, right: number, total: number) => Array.from({ length: total }, (_, i) => record(`${name}-${i}`, name, i < right));

function writeEval(statusDir: string, checkpoint: string, records: EvalRecord[], exampleSetId = 'set-1', evaluatedAt = '2026-06-01T12:00:00.000Z', key = 'k') {
  const correct = records.filter((r) => r.correct).length;
  const result = EvaluationResult.parse({
    checkpoint, checkpointId: `id-${checkpoint}`, exampleSet: 'validation', exampleSetId, params: { maxTokens: 256, temperature: 0, stop: [] }, backend: 'vllm:test',
    summary: { examples: records.length, correct, accuracy: correct / records.length, meanConfidence: 0.8, goldenLoss: null, goldenTokens: 0, unsupported: {}, skippedLines: 0, cachedRecords: 0 },
    problems: [], records, evaluatedAt,
  });
  mkdirSync(join(statusDir, 'evals', checkpoint), { recursive: true });
  writeFileSync(join(statusDir, 'evals', checkpoint, `${key}.json`), JSON.stringify(result));
}

function writeChampion(statusDir: string, champion: string) {
  const status = ChampionStatus.parse({
    last_update: '2026-06-01T12:00:00.000Z', schema_version: 1, champion, step: 300, score: null, promoted_at: '2026-06-01T12:00:00.000Z',
    previous: null, how: 'first', evidence: null, reason: 'test', history: [],
  });
  writeFileSync(join(statusDir, 'champion.json'), JSON.stringify(status));
}

describe('knowledge retention (seed 000, Knowledge integration)', () => {
  it("is the mean over skills of min(1, champion / best earlier checkpoint) on the same examples", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'retention-'));
    writeChampion(dir, 'checkpoint-300');
    writeEval(dir, 'checkpoint-100', [...skill('arithmetic', 8, 10), ...skill('facts', 5, 10), ...skill('code', 0, 4)]);
    writeEval(dir, 'checkpoint-200', [...skill('arithmetic', 6, 10), ...skill('facts', 9, 10), ...skill('code', 0, 4)]);
    // Other examples (another set fingerprint) and a later checkpoint: neither is an earlier peak on these examples.
    writeEval(dir, 'checkpoint-150', skill('arithmetic', 10, 10), 'set-2');
    writeEval(dir, 'checkpoint-400', skill('arithmetic', 10, 10));
    // The champion: an older evaluation (10/10) and the newest one, which counts.
    writeEval(dir, 'checkpoint-300', skill('arithmetic', 10, 10), 'set-1', '2026-05-01T00:00:00.000Z', 'old');
    writeEval(dir, 'checkpoint-300', [...skill('arithmetic', 6, 10), ...skill('facts', 9, 10), ...skill('code', 2, 4)], 'set-1', '2026-06-02T00:00:00.000Z', 'new');
    const r = await readKnowledgeRetention(dir);
    // arithmetic 0.6 / 0.8 (checkpoint-100) = 0.75; facts 0.9 / 0.9 (checkpoint-200) = 1; code: no earlier checkpoint got any right, left out.
    expect(r.skills).toEqual([
      { skill: 'arithmetic', current: 0.6, best: 0.8, best_checkpoint: 'checkpoint-100', examples: 10, retention: expect.closeTo(0.75, 9) },
      { skill: 'facts', current: 0.9, best: 0.9, best_checkpoint: 'checkpoint-200', examples: 10, retention: 1 },
    ]);
    expect(r.retention).toBeCloseTo(0.875, 9);
    expect([...r.compared].sort()).toEqual(['checkpoint-100', 'checkpoint-200']);

    const window = windowMetrics([], [], 60);
    const monitor = loadConfig({ argv: [], env: {}, cwd: '/' }).monitor;
    const knowledge = categoryScores(window, {}, monitor, null, r).find((c) => c.id === 'knowledge_integration')!;
    const row = knowledge.metrics.find((m) => m.id === 'retention')!;
    expect(row).toMatchObject({ value: 0.875, score: 0.875, samples: 2 });
    expect(row.basis).toContain('arithmetic 0.6 / 0.8 (checkpoint-100, 10 examples)');
    // No traffic: retention is the category's only scored metric.
    expect(knowledge.score).toBe(0.875);
  });

  it('says why there is no figure: no champion, or nothing earlier on the same examples', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'retention-'));
    expect(await readKnowledgeRetention(empty)).toMatchObject({ retention: null, missing: 'no champion (status/champion.json absent or naming none)' });
    const first = mkdtempSync(join(tmpdir(), 'retention-'));
    writeChampion(first, 'checkpoint-300');
    writeEval(first, 'checkpoint-300', skill('arithmetic', 6, 10));
    writeEval(first, 'checkpoint-100', skill('arithmetic', 8, 10), 'set-2');
    const r = await readKnowledgeRetention(first);
    expect(r).toMatchObject({ retention: null, missing: 'no checkpoint before checkpoint-300 was evaluated on the same examples' });
    const row = categoryScores(windowMetrics([], [], 60), {}, loadConfig({ argv: [], env: {}, cwd: '/' }).monitor, null, r)
      .find((c) => c.id === 'knowledge_integration')!.metrics.find((m) => m.id === 'retention')!;
    expect(row).toMatchObject({ value: null, score: null });
    expect(row.basis).toBe('not measured: no checkpoint before checkpoint-300 was evaluated on the same examples');
  });
});
