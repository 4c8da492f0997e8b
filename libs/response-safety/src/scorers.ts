import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';

/** What a scorer looks at: one gateway response (and the prompt, for judges that want context). */
export interface ScoredResponse {
  id: string;
  prompt: string;
  output: string;
}

/**
 * A yes/no judgement of responses (toxic? a refusal?). Pluggable: a library, patterns, or an
 * LLM judge. `score` says true (flagged), false, or null when it did not score the response
 * (not sampled, or the scorer failed); a rate counts only scored responses.
 */
export interface ResponseScorer {
  /** Named in the status next to the figure it produced (`obscenity`, `patterns`, `llm-judge:<model>`). */
  readonly name: string;
  /** True when `score` may return a promise (an LLM judge); pattern scorers answer at once. */
  readonly async: boolean;
  score(response: ScoredResponse): boolean | null | Promise<boolean | null>;
}

/**
 * Refusals by pattern ("I can't help with", "As an AI", …): case-insensitive regexes, any
 * match flags. Patterns come from config (`safety.refusal.patterns`).
 * @throws naming the pattern when one is not a regular expression
 */
export function refusalPatternScorer(patterns: readonly string[]): ResponseScorer {
  const combined = patterns.length === 0 ? null : new RegExp(patterns.map((p) => `(?:${p})`).join('|'), 'i');
  return { name: 'patterns', async: false, score: (r) => (combined ? combined.test(r.output) : false) };
}

/**
 * Toxicity as profanity and slurs, by the `obscenity` library's English dataset with its
 * recommended transformers (leetspeak, repeated and confusable characters). It knows words,
 * not intent: an insult in clean words passes, and some innocent words containing a listed
 * one ("cockpit") are flagged. The matcher is built on first use.
 */
export function obscenityScorer(): ResponseScorer {
  let matcher: RegExpMatcher | null = null;
  return {
    name: 'obscenity',
    async: false,
    score: (r) => {
      matcher ??= new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
      return matcher.hasMatch(r.output);
    },
  };
}

/** Whether a response is in the judge's sample: a hash of its id (FNV-1a) against the rate, so a restart picks the same ones. */
export function isSampled(id: string, rate: number): boolean {
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 4_294_967_296 < rate;
}
