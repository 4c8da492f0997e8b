import type { Example, GenerationParams } from '@flywheel/contracts';
import { createHash } from 'node:crypto';
import { canonicalJson, exampleFingerprint } from './example-set.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 40);

/** One (checkpoint, example, params) inference: the unit that is computed at most once. */
export function recordCacheKey(checkpointId: string, example: Example, params: GenerationParams): string {
  return sha(canonicalJson({ checkpointId, example: exampleFingerprint(example), params }));
}

/** One (checkpoint, example set, params) evaluation: the BullMQ job id that collapses concurrent asks. */
export function evaluationKey(checkpointId: string, exampleSetId: string, params: GenerationParams): string {
  return sha(canonicalJson({ checkpointId, exampleSetId, params }));
}
