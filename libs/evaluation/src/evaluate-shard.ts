import type { EvaluateShardJob } from '@flywheel/contracts';
import type { ModelBackend } from '@flywheel/model-backend';
import { recordCacheKey } from './cache-keys.js';
import type { EvalCache } from './eval-cache.js';
import { evaluateExample } from './evaluate-example.js';
import type { ExampleSet } from './example-set.js';
import { inferOnce, type InferenceClaims } from './inference-claim.js';

/**
 * Examples `[from, to)` of one evaluation on this evaluator's server, each under its claim
 * (inferOnce), all at once: the backend's limiter bounds what is in flight. Every record goes
 * to the cache, where the coordinator assembles the result.
 */
export async function evaluateShard(input: {
  job: EvaluateShardJob;
  exampleSet: ExampleSet;
  backend: ModelBackend;
  cache: EvalCache;
  claims: InferenceClaims;
}): Promise<{ inferred: number; cached: number }> {
  const { job } = input;
  const examples = input.exampleSet.examples.slice(job.from, job.to);
  const outcomes = await Promise.all(
    examples.map((example) => {
      const key = recordCacheKey(job.checkpointId, example, job.params);
      return inferOnce(input.claims, input.cache, job.checkpointId, key, () => evaluateExample(input.backend, example, job.params, key));
    }),
  );
  const inferred = outcomes.filter((o) => o.inferred).length;
  return { inferred, cached: outcomes.length - inferred };
}

/**
 * `[from, to)` ranges covering `total` examples: `size` each, except near the end, where each
 * range is an eighth of what is left (at least 1). The last shards are then short, so the
 * evaluators finish together instead of one waiting on another's last full shard.
 */
export function shardRanges(total: number, size: number): Array<{ from: number; to: number }> {
  if (!Number.isInteger(size) || size < 1) throw new Error(`shard size must be a positive integer, got ${size}`);
  const ranges: Array<{ from: number; to: number }> = [];
  for (let from = 0; from < total; ) {
    const to = from + Math.min(size, Math.max(1, Math.ceil((total - from) / 8)));
    ranges.push({ from, to });
    from = to;
  }
  return ranges;
}
