import type { EvalRecord, EvaluationResult, GenerationParams, StatusIssue } from '@flywheel/contracts';
import type { ModelBackend } from '@flywheel/model-backend';
import type { Logger } from 'pino';
import { recordCacheKey } from './cache-keys.js';
import type { EvalCache } from './eval-cache.js';
import { evaluateExample } from './evaluate-example.js';
import { summarizeRecords } from './evaluation-summary.js';
import type { ExampleSet } from './example-set.js';

export interface EvaluateSetInput {
  backend: ModelBackend;
  checkpoint: string;
  checkpointId: string;
  exampleSet: ExampleSet;
  params: GenerationParams;
  cache: EvalCache;
  logger?: Logger;
  now?: () => Date;
}

/**
 * Every example of a set on one checkpoint. Examples already inferred for this checkpoint and
 * params (by any evaluation, any set) come from the cache; the rest are inferred, all at once
 * (the backend's limiter bounds the concurrency), and each record is cached as it completes.
 * One example that fails after the backend's retries fails the evaluation: a partial result
 * would be cached as if whole.
 */
export async function evaluateSet(input: EvaluateSetInput): Promise<EvaluationResult> {
  const { examples } = input.exampleSet;
  const keys = examples.map((e) => recordCacheKey(input.checkpointId, e, input.params));
  const cached = await input.cache.getRecords(input.checkpointId, keys);
  const records: EvalRecord[] = await Promise.all(
    examples.map(async (example, index) => {
      const key = keys[index]!;
      const hit = cached.get(key);
      if (hit) return hit;
      const record = await evaluateExample(input.backend, example, input.params, key);
      await input.cache.putRecord(input.checkpointId, record);
      return record;
    }),
  );
  input.logger?.info(
    { checkpoint: input.checkpoint, examples: examples.length, cached: cached.size, rejected: input.exampleSet.rejected.length },
    'evaluation done',
  );
  return evaluationResultOf({ ...input, records, cachedRecords: cached.size, backend: `${input.backend.endpoint.profile.name}:${input.backend.endpoint.model}` });
}

/** The result of an evaluation from its records, in example order: shared by one evaluator and by the shards' assembly. */
export function evaluationResultOf(input: {
  checkpoint: string;
  checkpointId: string;
  exampleSet: ExampleSet;
  params: GenerationParams;
  records: EvalRecord[];
  cachedRecords: number;
  backend: string;
  now?: () => Date;
}): EvaluationResult {
  const problems: StatusIssue[] = input.exampleSet.rejected.map((r) => ({
    source: r.file,
    where: `line ${r.line}`,
    message: r.reason,
  }));
  return {
    checkpoint: input.checkpoint,
    checkpointId: input.checkpointId,
    exampleSet: input.exampleSet.name,
    exampleSetId: input.exampleSet.id,
    params: input.params,
    backend: input.backend,
    summary: summarizeRecords(input.records, input.exampleSet.rejected.length, input.cachedRecords),
    problems,
    records: input.records,
    evaluatedAt: (input.now?.() ?? new Date()).toISOString(),
  };
}
