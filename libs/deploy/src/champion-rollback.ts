import type { StatusBody } from '@flywheel/contracts';
import { nextChampion, type ChampionRead } from './champion-record.js';

/**
 * champion.json after an explicit rollback to `to`: the one way the champion's score may go
 * down. Its score is the one it had when it was champion before, when the history knows it.
 * checkpoint-auto-deploy then serves it (the rollback gate) if it does not serve already; the
 * champion it replaces is `rejected`, never promoted again.
 */
export function rollbackChampion(previous: ChampionRead | null, to: string, reason: string, at: Date): StatusBody<'champion'> {
  const known = [...(previous?.history ?? [])].reverse().find((h) => h.champion === to);
  // What it rolls back from is not promoted again (model-comparison passes it over).
  const from = previous?.champion && previous.champion !== to ? [previous.champion] : [];
  return nextChampion(previous, { champion: to, score: known?.score ?? null, at, how: 'rollback', evidence: null, reason: `explicit rollback: ${reason}`, reject: from });
}
