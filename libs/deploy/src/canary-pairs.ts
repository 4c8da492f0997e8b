import type { CanaryArm } from '@flywheel/contracts';
import type { CanaryPair } from './canary-verdict.js';

/** A request of either arm with its live quality (see `liveQuality`). */
export interface ScoredRequest {
  id: string;
  /** Milliseconds since the epoch. */
  at: number;
  arm: CanaryArm;
  skill: string | null;
  quality: number;
}

/**
 * Matched pairs from the requests of both arms. Requests are split into strata (same skill,
 * same `bucketMs` time bucket), and each canary request is paired with the champion request of
 * its stratum nearest to it in time that no earlier canary request took.
 *
 * Why pairing is valid although no request is served twice: the gateway draws the arm of each
 * request at random, independently of the request. Within a stratum, then, a canary request
 * and a champion request are draws from the same mix of prompts, users and load, so their
 * difference has the arms' quality difference as its mean; the pairing is chosen from arrival
 * times and arms only, never from outcomes, so it cannot favour either arm. What it buys is
 * the paired test's smaller variance: the skill mix and whatever drifts over the day (load,
 * traffic mix, rating habits) move both halves of a pair together and cancel in the difference.
 */
export function matchPairs(requests: readonly ScoredRequest[], bucketMs: number): CanaryPair[] {
  const strata = new Map<string, { canary: ScoredRequest[]; champion: ScoredRequest[] }>();
  for (const r of requests) {
    const key = `${r.skill ?? ''}\u0000${Math.floor(r.at / bucketMs)}`;
    let stratum = strata.get(key);
    if (!stratum) strata.set(key, (stratum = { canary: [], champion: [] }));
    stratum[r.arm].push(r);
  }
  const pairs: CanaryPair[] = [];
  const byTime = (a: ScoredRequest, b: ScoredRequest) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  for (const { canary, champion } of strata.values()) {
    if (!canary.length || !champion.length) continue;
    canary.sort(byTime);
    champion.sort(byTime);
    const used = new Uint8Array(champion.length);
    for (const c of canary) {
      const j = nearestUnused(champion, used, c.at);
      if (j < 0) break;
      used[j] = 1;
      pairs.push({ canary: c.quality, champion: champion[j]!.quality });
    }
  }
  return pairs;
}

/** Index of the unused request nearest to `at` in a time-sorted list (the earlier one on a tie), or −1. */
function nearestUnused(sorted: readonly ScoredRequest[], used: Uint8Array, at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.at < at) lo = mid + 1;
    else hi = mid;
  }
  let left = lo - 1;
  while (left >= 0 && used[left]) left--;
  let right = lo;
  while (right < sorted.length && used[right]) right++;
  if (left < 0) return right < sorted.length ? right : -1;
  if (right >= sorted.length) return left;
  return at - sorted[left]!.at <= sorted[right]!.at - at ? left : right;
}
