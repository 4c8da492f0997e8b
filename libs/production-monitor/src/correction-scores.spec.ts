import { describe, expect, it } from '@jest/globals';
import { correctionScores } from './correction-scores.js';

describe('correction scores (BLEU-4 and ROUGE-L against the user\'s correction)', () => {
  it('scores tiny sentences as worked out by hand', () => {
    // Answer "the cat sat on a mat" (6 words), correction "the cat sat on the mat" (6 words).
    // Clipped n-gram precisions: 1-grams 5/6 (all but "a"), 2-grams 3/5 (the cat, cat sat, sat on),
    // 3-grams 2/4 (the cat sat, cat sat on), 4-grams 1/3 (the cat sat on); equal lengths: no brevity penalty.
    // BLEU-4 = (5/6 · 3/5 · 2/4 · 1/3)^(1/4) = (1/12)^(1/4).
    // ROUGE-L: longest common subsequence "the cat sat on mat" = 5 words; P = R = 5/6, F = 5/6.
    const s = correctionScores('the cat sat on a mat', 'the cat sat on the mat');
    expect(s.bleu).toBeCloseTo(Math.pow(1 / 12, 1 / 4), 10);
    expect(s.rougeL).toBeCloseTo(5 / 6, 10);
  });

  it('gives 1 for the correction itself, a short answer its brevity penalty, and 0 for nothing in common', () => {
    expect(correctionScores('Paris is the capital of France', 'Paris is the capital of France')).toEqual({ bleu: 1, rougeL: 1 });
    // Answer "a b c d" (4) against correction "a b c d e f" (6): every n-gram precision is 1,
    // brevity penalty e^(1 − 6/4) = e^(−1/2). ROUGE-L: LCS 4, P = 4/4, R = 4/6, F = 2PR/(P+R) = 0.8.
    const short = correctionScores('a b c d', 'a b c d e f');
    expect(short.bleu).toBeCloseTo(Math.exp(-0.5), 10);
    expect(short.rougeL).toBeCloseTo(0.8, 10);
    expect(correctionScores('yes', 'no way')).toEqual({ bleu: 0, rougeL: 0 });
    // A one-word answer is scored on 1-grams (the effective order), not as 0 for having no 4-gram:
    // p1 = 1/1, brevity penalty e^(1 − 2/1) = e^(−1). ROUGE-L: LCS 1, P = 1, R = 1/2, F = 2/3.
    const named = correctionScores('Paris', 'paris france');
    expect(named.bleu).toBeCloseTo(Math.exp(-1), 10);
    expect(named.rougeL).toBeCloseTo(2 / 3, 10);
    expect(correctionScores('  ', 'anything')).toEqual({ bleu: 0, rougeL: 0 });
  });
});
