import type { CanaryLook, CanaryStatus, StatusBody } from '@flywheel/contracts';
import type { ChampionRead } from './champion-record.js';
import { nextChampion } from './champion-record.js';
import { matchPairs, type ScoredRequest } from './canary-pairs.js';
import { canaryLookDue, canaryVerdict, type CanaryRules, type CanaryVerdict } from './canary-verdict.js';

/** What checkpoint-auto-deploy needs to run canaries (config `canary.*`). */
export interface CanaryDeps {
  /** `canary.enabled`: promotions start canaries. Off, a canary already running still runs to its decision. */
  startNew: boolean;
  rules: CanaryRules;
  share: number;
  pairsPerLook: number;
  bucketSeconds: number;
  /** status/canary.json (null: none yet). */
  read(): Promise<CanaryStatus | null>;
  write(body: StatusBody<'canary'>): Promise<void>;
  /** The scored requests of both arms since `since` (see `canaryRequests`). */
  traffic(query: { since: Date; canary: string; champion: string }): Promise<ScoredRequest[]>;
}

/** A line of deployments.jsonl about a canary: a deployment record's keys, with `event` and the canary's numbers. */
export interface CanaryRecordFields {
  event: 'canary-start' | 'canary-look' | 'canary-promote' | 'canary-rollback';
  canary: { checkpoint: string; champion: string; share: number; pairs: number; looks: number; verdict: CanaryVerdict | null };
}

const HISTORY = 50;

/** canary.json for a canary that has just started serving its share. */
export function startedCanary(input: { canary: string; champion: string; canaryModel: string; championModel: string; share: number; at: Date; score: number | null; evidence: unknown }): StatusBody<'canary'> {
  return {
    state: 'running', canary: input.canary, champion: input.champion, canary_model: input.canaryModel, champion_model: input.championModel,
    share: input.share, started_at: input.at.toISOString(), decided_at: null, pairs: 0, looks: 0, last_verdict: null, history: [],
    // What the offline gate said, so the promotion's champion.json can carry both.
    offline_score: input.score, offline_evidence: input.evidence ?? null,
  };
}

/** The outcome of one pass over a running canary. */
export type CanaryPass =
  | { outcome: 'waiting'; pairs: number; needed: number }
  | { outcome: 'looked'; status: StatusBody<'canary'>; verdict: CanaryVerdict };

/**
 * One pass over a running canary: pair its traffic with the champion's, and when a look is due
 * (canaryLookDue), take it (canaryVerdict) and write canary.json with the look's numbers.
 * Promotion and rollback themselves (champion.json, the serving link, the journal lines) are
 * done by the caller, under the deploy lock.
 */
export async function canaryPass(deps: CanaryDeps, status: CanaryStatus, at: Date): Promise<CanaryPass> {
  const requests = await deps.traffic({ since: new Date(status.started_at), canary: status.canary, champion: status.champion });
  const pairs = matchPairs(requests, deps.bucketSeconds * 1000);
  const look = canaryLookDue(pairs.length, status.looks, deps.pairsPerLook);
  if (look === null) return { outcome: 'waiting', pairs: pairs.length, needed: (status.looks + 1) * deps.pairsPerLook };
  const verdict = canaryVerdict(pairs, look, deps.rules);
  const entry: CanaryLook = {
    look, at: at.toISOString(), pairs: verdict.pairs, canary_quality: verdict.canary_quality, champion_quality: verdict.champion_quality,
    difference: verdict.difference, lower_bound: verdict.lower_bound, upper_bound: verdict.upper_bound, alpha: verdict.alpha, verdict: verdict.verdict, reason: verdict.reason,
  };
  const { last_update: _u, schema_version: _v, ...body } = status;
  const decided = verdict.verdict === 'continue' ? null : at.toISOString();
  const next: StatusBody<'canary'> = {
    ...body,
    state: verdict.verdict === 'promote' ? 'promoted' : verdict.verdict === 'rollback' ? 'rolled_back' : 'running',
    decided_at: decided,
    pairs: pairs.length,
    looks: look,
    last_verdict: entry,
    history: [...status.history, entry].slice(-HISTORY),
  };
  await deps.write(next);
  return { outcome: 'looked', status: next, verdict };
}

/** champion.json once a canary is promoted: it takes over, with the offline test and the live one as evidence. */
export function promotedChampion(previous: ChampionRead | null, status: CanaryStatus | StatusBody<'canary'>, verdict: CanaryVerdict, at: Date): StatusBody<'champion'> {
  return nextChampion(previous, {
    champion: status.canary, score: (status['offline_score'] as number | null | undefined) ?? null, at, how: 'promoted',
    evidence: { offline: status['offline_evidence'] ?? null, live: verdict },
    reason: `canary ${status.canary} promoted by live quality: ${verdict.reason}`,
  });
}

/** champion.json once a canary is rolled back: the champion stays, the canary is rejected (never promoted again). */
export function rejectedCanary(previous: ChampionRead, canary: string): StatusBody<'champion'> {
  const { last_update: _u, schema_version: _v, ...body } = previous;
  return { ...(body as StatusBody<'champion'>), rejected: [...new Set([...(previous.rejected ?? []), canary])] };
}
