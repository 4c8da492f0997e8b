import type { Difficulty, EvalRecord } from '@flywheel/contracts';
import { createHash } from 'node:crypto';

const DIFFICULTIES: Difficulty[] = ['easy', 'medium', 'hard'];

/**
 * The fixed test suite: `size` example ids from the validation set, as even across
 * difficulties as the set allows, each difficulty's share picked by a hash of the id (so the
 * suite does not change between runs and does not favour the first lines of a file).
 */
export function selectSuite(ids: ReadonlyArray<{ id: string; difficulty: Difficulty }>, size: number): Set<string> {
  const byDifficulty = new Map<Difficulty, string[]>(DIFFICULTIES.map((d) => [d, []]));
  for (const { id, difficulty } of ids) byDifficulty.get(difficulty)!.push(id);
  for (const list of byDifficulty.values()) list.sort((a, b) => (rank(a) < rank(b) ? -1 : 1));
  const chosen = new Set<string>();
  // Round-robin over difficulties: balanced while each has examples left.
  for (let round = 0; chosen.size < size; round++) {
    let added = false;
    for (const d of DIFFICULTIES) {
      const id = byDifficulty.get(d)![round];
      if (id !== undefined && chosen.size < size) {
        chosen.add(id);
        added = true;
      }
    }
    if (!added) break;
  }
  return chosen;
}

const rank = (id: string) => createHash('sha256').update(id).digest('hex');

export function recordsIn(records: readonly EvalRecord[], suite: ReadonlySet<string>): EvalRecord[] {
  return records.filter((r) => suite.has(r.exampleId));
}
