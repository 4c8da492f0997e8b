import type { Difficulty, EvalRecord, EvaluationResult, Example } from '@flywheel/contracts';
import { tempDir } from '@flywheel/testing';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Six validation examples, two per difficulty; goldens "g1"… */
export const EXAMPLES: Example[] = [
  { id: 'e1', prompt: 'What is 1 + 1?', golden: 'g1', difficulty: 'easy', skill: 'arithmetic' },
  { id: 'e2', prompt: 'What is 2 + 2?', golden: 'g2', difficulty: 'easy', skill: 'arithmetic' },
  { id: 'e3', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Capital of France?' }], golden: 'g3', difficulty: 'medium', skill: 'geography' },
  { id: 'e4', prompt: 'All A are B…', golden: 'g4', difficulty: 'medium', skill: 'logic' },
  { id: 'e5', prompt: 'Hard one', golden: 'g5', difficulty: 'hard', skill: 'logic' },
  { id: 'e6', prompt: 'Harder one', golden: 'g6', difficulty: 'hard', skill: 'arithmetic' },
];

export interface RecordSpec {
  correct: boolean;
  confidence?: number;
  nll?: number;
  tokens?: number;
  outputTokens?: number;
  prediction?: string;
  think?: { present: boolean; closed: boolean; length: number };
}

export function recordsOf(specs: readonly RecordSpec[]): EvalRecord[] {
  return specs.map((s, i) => {
    const example = EXAMPLES[i]!;
    const tokens = s.tokens ?? 2;
    const nll = s.nll ?? 1;
    return {
      exampleId: example.id,
      difficulty: example.difficulty as Difficulty,
      skill: example.skill,
      prediction: s.prediction ?? (s.correct ? example.golden : 'wrong'),
      correct: s.correct,
      think: s.think ?? { present: false, closed: false, length: 0 },
      confidence: s.confidence ?? 0.5,
      golden: { nll, tokens, meanNll: nll / tokens, isGreedy: s.correct },
      outputTokens: s.outputTokens ?? 3,
      latencyMs: 10,
      backend: 'vllm:test',
      cacheKey: `${example.id}-key`,
    };
  });
}

/** Writes an evaluation to `<evalsDir>/<checkpoint>/<key>.json` as the evaluator's cache does. */
export async function writeEvaluation(
  evalsDir: string,
  checkpoint: string,
  key: string,
  records: EvalRecord[],
  options: { evaluatedAt?: string; exampleSet?: string } = {},
): Promise<EvaluationResult> {
  const result: EvaluationResult = {
    checkpoint,
    checkpointId: `id-${checkpoint}`,
    exampleSet: options.exampleSet ?? 'validation',
    exampleSetId: 'set-id',
    params: { maxTokens: 256, temperature: 0, stop: [] },
    backend: 'vllm:test',
    summary: { examples: records.length, correct: 0, accuracy: null, meanConfidence: null, goldenLoss: null, goldenTokens: 0, unsupported: {}, skippedLines: 0, cachedRecords: 0 },
    problems: [],
    records,
    evaluatedAt: options.evaluatedAt ?? '2026-06-01T12:00:00.000Z',
  };
  await mkdir(path.join(evalsDir, checkpoint), { recursive: true });
  await writeFile(path.join(evalsDir, checkpoint, `${key}.json`), JSON.stringify(result) + '\n');
  return result;
}

/** The examples as `<dataDir>/validation/set.jsonl`. */
export async function writeValidationSet(dataDir: string, examples: readonly Example[] = EXAMPLES): Promise<void> {
  await mkdir(path.join(dataDir, 'validation'), { recursive: true });
  await writeFile(path.join(dataDir, 'validation', 'set.jsonl'), examples.map((e) => JSON.stringify(e)).join('\n') + '\n');
}

/** Three evaluated checkpoints (100 with think tags in two outputs, 200, 300 on another set only) and a set that lost e6. */
export async function previewFixture() {
  const { dir, remove } = await tempDir('cli-preview');
  const evalsDir = path.join(dir, 'status', 'evals');
  await writeEvaluation(evalsDir, 'checkpoint-100', 'k', recordsOf([
    { correct: true, prediction: '<think>one and one</think> g1', think: { present: true, closed: true, length: 11 } },
    { correct: false, prediction: '<think>two and two, so', think: { present: true, closed: false, length: 15 } },
    { correct: true },
    { correct: false },
    { correct: true },
    { correct: false },
  ]));
  await writeEvaluation(evalsDir, 'checkpoint-200', 'k', recordsOf(Array(6).fill({ correct: true })));
  // The newest folder has only another set's evaluation: the default skips it.
  await writeEvaluation(evalsDir, 'checkpoint-300', 'k', recordsOf(Array(6).fill({ correct: true })), { exampleSet: 'suite' });
  // The set lost e6 since checkpoint-100 was evaluated.
  await writeValidationSet(path.join(dir, 'data'), EXAMPLES.slice(0, 5));
  return { dir, evalsDir, dataDir: path.join(dir, 'data'), remove };
}
