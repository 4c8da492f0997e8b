import { describe, expect, it } from '@jest/globals';
import { answerConfidence } from './answer-confidence.js';

describe('answerConfidence', () => {
  it('is exp(mean logprob) of the answer tokens only', () => {
    // Text "<t>x</t>42": think tokens end at offset 8 (answerStart); answer tokens "4" and "2".
    const tokens = [
      { token: '<t>', logprob: -5 }, { token: 'x', logprob: -5 }, { token: '</t>', logprob: -5 },
      { token: '4', logprob: Math.log(0.8) }, { token: '2', logprob: Math.log(0.2) },
    ];
    // exp((ln .8 + ln .2) / 2) = sqrt(.16) = 0.4
    expect(answerConfidence(tokens, 8)).toBeCloseTo(0.4, 12);
  });
  it('says unsupported rather than inventing a figure', () => {
    expect(answerConfidence({ unsupported: 'no logprobs' }, 0)).toEqual({ unsupported: 'no logprobs' });
    expect(answerConfidence([{ token: '<t>', logprob: -1 }], 3)).toEqual({ unsupported: 'no answer tokens to take a confidence from' });
  });
});
