import type { GatewayEvent } from '@flywheel/contracts';

/**
 * Judge scores by gateway request id, 0–1 (an independent judge persists them; this is all the
 * canary needs of it). Ids it has not scored are left out of the answer.
 */
export interface JudgeScores {
  scoresOf(requestIds: readonly string[]): Promise<ReadonlyMap<string, number>>;
}

/**
 * A request's live quality, 0–1, from what is known of it: an error of the model's (no
 * upstream answered, or 5xx/429) is 0; an answer is the mean of its judge score and its user
 * rating (0–1) when it has them. Null when nothing is known: an answer nobody rated or judged,
 * or an error of the caller's (a 4xx, a client that hung up), which says nothing of the model.
 * Both arms are scored alike, so the share of unrated answers dilutes both the same way.
 */
export function liveQuality(event: Pick<GatewayEvent, 'outcome' | 'fault'>, signals: { rating?: number | null; judge?: number | null }): number | null {
  if (event.outcome === 'error') return event.fault === 'caller' ? null : 0;
  const known = [signals.judge, signals.rating].filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (!known.length) return null;
  return Math.min(1, Math.max(0, known.reduce((s, x) => s + x, 0) / known.length));
}
