import type { Unsupported } from '@flywheel/contracts';
import type { TokenLogprob } from '@flywheel/model-backend';

/**
 * Confidence in an answer: exp(mean logprob) of the generated tokens that belong to the answer,
 * i.e. start at or after `answerStart` (the think block excluded, its reasoning is not the
 * claim being made). This is the geometric mean of the token probabilities.
 */
export function answerConfidence(tokens: readonly TokenLogprob[] | Unsupported, answerStart: number): number | Unsupported {
  if (!Array.isArray(tokens)) return tokens as Unsupported;
  let offset = 0;
  let sum = 0;
  let count = 0;
  for (const token of tokens) {
    const start = offset;
    offset += token.token.length;
    if (start < answerStart) continue;
    if (token.token.trim() === '' ) continue;
    sum += token.logprob;
    count += 1;
  }
  if (count === 0) return { unsupported: 'no answer tokens to take a confidence from' };
  return Math.exp(sum / count);
}
