import type { FeedbackRecord } from '@flywheel/contracts';
import type { LineProblem } from './json-lines.js';
import { ratingsInForce, type StoredRatings } from './ratings-store.js';

/** Counts over a group of ratings in force. */
export interface FeedbackTally {
  total: number;
  good: number;
  bad: number;
  /** Bad ratings with a correction: the ones that become training lines and export lines. */
  with_correction: number;
  /** Mean of the 1–5 scores given; null when none was. */
  mean_score: number | null;
}

/** `GET /api/monitor/training/stats`. */
export interface FeedbackStats extends FeedbackTally {
  file: string;
  /** Ratings that asked for clarification instead. */
  clarifications: number;
  /** How many ratings carry a score (the mean's count). */
  scored: number;
  /** Newest `at` of any rating in the file, replaced ones included; null when there is none. */
  last_rating_at: string | null;
  /** Earlier ratings of a request that a later one replaced. */
  replaced: number;
  by_model: Record<string, FeedbackTally>;
  /** Ratings of requests without a skill tag count under "(none)". */
  by_skill: Record<string, FeedbackTally>;
  /** Lines of the file that are not a rating (skipped everywhere), with file and line. */
  errors: LineProblem[];
}

export const NO_SKILL = '(none)';

function tally(ratings: readonly FeedbackRecord[]): FeedbackTally {
  const scores = ratings.flatMap((r) => (r.score === undefined ? [] : [r.score]));
  return {
    total: ratings.length,
    good: ratings.filter((r) => r.rating === 'good').length,
    bad: ratings.filter((r) => r.rating === 'bad').length,
    with_correction: ratings.filter((r) => r.rating === 'bad' && r.correction !== undefined).length,
    mean_score: scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length,
  };
}

function groupBy(ratings: readonly FeedbackRecord[], key: (r: FeedbackRecord) => string): Record<string, FeedbackTally> {
  const groups = new Map<string, FeedbackRecord[]>();
  for (const rating of ratings) groups.set(key(rating), [...(groups.get(key(rating)) ?? []), rating]);
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([name, group]) => [name, tally(group)]));
}

/** Counts of the ratings in force (re-rating replaces), by model and skill. */
export function feedbackStats(stored: StoredRatings): FeedbackStats {
  const { ratings, replaced } = ratingsInForce(stored.records);
  // A loop, not Math.max(...): a spread of a long file would overflow the stack.
  let newest: number | null = null;
  for (const record of stored.records) {
    const time = Date.parse(record.at);
    if (newest === null || time > newest) newest = time;
  }
  return {
    file: stored.file,
    ...tally(ratings),
    clarifications: ratings.filter((r) => r.clarification === true).length,
    scored: ratings.filter((r) => r.score !== undefined).length,
    last_rating_at: newest === null ? null : new Date(newest).toISOString(),
    replaced,
    by_model: groupBy(ratings, (r) => r.model),
    by_skill: groupBy(ratings, (r) => r.skill ?? NO_SKILL),
    errors: stored.problems,
  };
}
