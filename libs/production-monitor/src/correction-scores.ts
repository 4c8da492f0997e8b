import { bleu } from 'bleu-score';
import { l as rougeL } from 'js-rouge';

/**
 * BLEU's n-gram order: the usual BLEU-4, lowered to the shorter text's length (sacrebleu's
 * "effective order" for sentence BLEU): a two-word answer has no 4-gram, and BLEU-4 would call
 * it 0 whatever its words. No smoothing otherwise.
 */
export const BLEU_MAX_N = 4;

/** How close a rated answer came to the user's correction, each 0–1 (1: the same text). */
export interface CorrectionScores {
  /** BLEU (order 4, or the shorter text's length) of the answer against the correction (bleu-score: lower-cased whitespace tokens, clipped precisions, brevity penalty). */
  bleu: number;
  /** ROUGE-L F-measure (js-rouge: longest common subsequence of words, case-insensitive, β = 1). */
  rougeL: number;
}

/**
 * Scores an answer against its correction with the two libraries. Empty texts (after trimming)
 * have no tokens: both scores are 0 rather than the libraries' NaN. Whitespace runs collapse
 * to one space first, since bleu-score splits on single spaces; both texts are lower-cased.
 */
export function correctionScores(answer: string, correction: string): CorrectionScores {
  // Lower-cased as ROUGE-L compares: a capital at the start of a sentence is no difference of wording.
  const candidate = answer.trim().replace(/\s+/g, ' ').toLowerCase();
  const reference = correction.trim().replace(/\s+/g, ' ').toLowerCase();
  if (candidate === '' || reference === '') return { bleu: 0, rougeL: 0 };
  const order = Math.min(BLEU_MAX_N, candidate.split(' ').length, reference.split(' ').length);
  const b = bleu(reference, candidate, order);
  const r = rougeL(candidate, reference, { caseSensitive: false });
  return { bleu: Number.isFinite(b) ? b : 0, rougeL: Number.isFinite(r) ? r : 0 };
}
