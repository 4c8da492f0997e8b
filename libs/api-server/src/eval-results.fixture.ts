import type { EvalRecord, EvaluationResult } from '@flywheel/contracts';
import { writeFileAtomic } from '@flywheel/status-store';
import path from 'node:path';

/** One evaluated example as the evaluator records it (test data). */
export function record(exampleId: string, difficulty: EvalRecord['difficulty'], correct: boolean, prediction = `answer to ${exampleId}`): EvalRecord {
  return {
    exampleId,
    difficulty,
    skill: 'arithmetic',
    prediction,
    correct,
    think: { present: prediction.includes('<think>'), closed: prediction.includes('</think>'), length: 0 },
    confidence: 0.8,
    golden: { unsupported: 'no echo logprobs' },
    outputTokens: 5,
    latencyMs: 12,
    backend: 'vllm:test',
    cacheKey: `key-${exampleId}`,
  };
}

/** Writes an evaluation result where the evaluator's cache keeps it: `<evalsDir>/<checkpoint>/<key>.json`. */
export async function writeResult(
  evalsDir: string,
  checkpoint: string,
  key: string,
  records: EvalRecord[],
  extra: Partial<EvaluationResult> = {},
): Promise<EvaluationResult> {
  const correct = records.filter((r) => r.correct).length;
  const result: EvaluationResult = {
    checkpoint,
    checkpointId: `id-${checkpoint}`,
    exampleSet: 'validation',
    exampleSetId: 'set-1',
    params: { maxTokens: 256, temperature: 0, stop: [] },
    backend: 'vllm:test',
    summary: {
      examples: records.length,
      correct,
      accuracy: records.length ? correct / records.length : null,
      meanConfidence: 0.8,
      goldenLoss: null,
      goldenTokens: 0,
      unsupported: {},
      skippedLines: 0,
      cachedRecords: 0,
    },
    problems: [],
    records,
    evaluatedAt: '2026-06-01T12:00:00.000Z',
    ...extra,
  };
  await writeFileAtomic(path.join(evalsDir, checkpoint, `${key}.json`), JSON.stringify(result));
  return result;
}
