import type { GoldenScore, Unsupported } from '@flywheel/contracts';
import type { CompletionLogprobs } from './response-shapes.js';

/**
 * Scores the prompt tokens in [start, end) of an echo answer: Σ −logprob, and whether each was
 * the model's top choice. Null logprobs there mean the server did not score the prompt.
 */
export function scoreSpan(logprobs: CompletionLogprobs, start: number, end: number): GoldenScore | Unsupported {
  if (end <= start) return { unsupported: 'the golden answer has no tokens' };
  if (logprobs.token_logprobs.length < end) {
    return { unsupported: `echo answer has ${logprobs.token_logprobs.length} logprobs, the prompt needs ${end}` };
  }
  let nll = 0;
  let greedy: boolean | null = logprobs.top_logprobs ? true : null;
  for (let i = start; i < end; i++) {
    const logprob = logprobs.token_logprobs[i];
    if (logprob === null || logprob === undefined) return { unsupported: `server gave no logprob for prompt token ${i} (echo without prompt logprobs)` };
    nll -= logprob;
    const top = logprobs.top_logprobs?.[i];
    if (greedy !== null) {
      if (!top) greedy = null;
      else if (logprob < Math.max(...Object.values(top)) - 1e-9) greedy = false;
    }
  }
  const tokens = end - start;
  return { nll, tokens, meanNll: nll / tokens, isGreedy: greedy };
}

/**
 * The golden's token span when the prompt was sent as text (no tokenize endpoint): the tokens
 * that start at or after the context's end, up to the generated token (which starts at the
 * prompt's end). A token that straddles the boundary (it holds the context's last characters
 * and the golden's first) is counted with the golden: its probability is the model's belief in
 * how the answer begins, and leaving it out would score a golden that starts mid-token.
 */
export function textSpan(logprobs: CompletionLogprobs, contextLength: number, promptLength: number): { start: number; end: number } | Unsupported {
  const offsets = logprobs.text_offset;
  if (!offsets || offsets.length !== logprobs.tokens.length) return { unsupported: 'echo answer has no text_offset to locate the golden answer' };
  let start = -1;
  let end = offsets.length;
  for (let i = 0; i < offsets.length; i++) {
    const from = offsets[i]!;
    const to = from + logprobs.tokens[i]!.length;
    if (start < 0 && to > contextLength) start = i;
    if (from >= promptLength) {
      end = i;
      break;
    }
  }
  if (start < 0) return { unsupported: 'the golden answer was not found in the echoed prompt' };
  return { start, end };
}
