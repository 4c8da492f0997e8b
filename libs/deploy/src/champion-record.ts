import { checkpointStep } from '@flywheel/checkpoints';
import type { ChampionChange, StatusBody } from '@flywheel/contracts';

/** champion.json as read back (loose: an older or hand-written file may lack keys). */
export type ChampionRead = { champion?: string | null; history?: ChampionChange[]; rejected?: string[] } & Record<string, unknown>;

const HISTORY = 100;

/**
 * The next champion.json: `champion` takes over from whatever `previous` recorded, with how
 * (`first`, `promoted`, `adopted`, `rollback`), the score the test saw and the evidence; the
 * change is appended to the history (the newest 100 kept).
 */
export function nextChampion(
  previous: ChampionRead | null,
  change: { champion: string; score: number | null; at: Date; how: ChampionChange['how']; reason: string; evidence: unknown; reject?: string[] },
): StatusBody<'champion'> {
  const entry: ChampionChange = {
    champion: change.champion,
    step: checkpointStep(change.champion),
    score: change.score,
    at: change.at.toISOString(),
    previous: previous?.champion ?? null,
    how: change.how,
    reason: change.reason,
  };
  return {
    champion: entry.champion,
    step: entry.step,
    score: entry.score,
    promoted_at: entry.at,
    previous: entry.previous,
    how: entry.how,
    evidence: change.evidence ?? null,
    reason: change.reason,
    history: [...(previous?.history ?? []), entry].slice(-HISTORY),
    rejected: [...new Set([...(previous?.rejected ?? []), ...(change.reject ?? [])])].filter((name) => name !== change.champion),
  };
}
