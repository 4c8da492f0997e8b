import { describe, expect, it } from '@jest/globals';
import { scoreSpan, textSpan } from './golden-span.js';
import type { CompletionLogprobs } from './response-shapes.js';

describe('textSpan (prompt sent as text)', () => {
  it('takes the tokens from the end of the context up to the generated token', () => {
    // "A:" + " 4" → "A: 4"; tokens "A"@0 ":"@1 " 4"@2, generated "\n"@4.
    const lp = { tokens: ['A', ':', ' 4', '\n'], token_logprobs: [null, -1, -0.2, -3], text_offset: [0, 1, 2, 4] };
    expect(textSpan(lp, 2, 4)).toEqual({ start: 2, end: 3 });
    expect(scoreSpan(lp, 2, 3)).toEqual({ nll: 0.2, tokens: 1, meanNll: 0.2, isGreedy: null });
  });
  it('counts a token that straddles the boundary with the golden', () => {
    // ": 4" spans offsets 1..4 and holds the context's ":" and the golden's " 4".
    const lp = { tokens: ['A', ': 4', '\n'], token_logprobs: [null, -0.9, -3], text_offset: [0, 1, 4] };
    expect(textSpan(lp, 2, 4)).toEqual({ start: 1, end: 2 });
  });
  it('says unsupported without text offsets', () => {
    expect(textSpan({ tokens: ['A'], token_logprobs: [null] }, 1, 1)).toEqual({ unsupported: 'echo answer has no text_offset to locate the golden answer' });
  });
});

describe('scoreSpan', () => {
  it('is greedy only when every token was the top choice', () => {
    const lp: CompletionLogprobs = { tokens: ['a', 'b', 'c'], token_logprobs: [null, -0.5, -0.25], top_logprobs: [null, { b: -0.5, x: -1 }, { c: -0.25 }] };
    expect(scoreSpan(lp, 1, 3)).toEqual({ nll: 0.75, tokens: 2, meanNll: 0.375, isGreedy: true });
    lp.top_logprobs![2] = { c: -0.25, y: -0.1 };
    expect(scoreSpan(lp, 1, 3)).toMatchObject({ isGreedy: false });
  });
  it('refuses a span longer than the echo', () => {
    expect(scoreSpan({ tokens: ['a'], token_logprobs: [null] }, 1, 3)).toEqual({ unsupported: 'echo answer has 1 logprobs, the prompt needs 3' });
  });
});
