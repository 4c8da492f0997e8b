import { writeFileAtomic } from '@flywheel/status-store';
import { readFile } from 'node:fs/promises';

/**
 * What self-correction has judged, so that each (queued line, checkpoint) is judged once:
 * for the checkpoint judged last, each line's id and its error pattern (null: answered right).
 * Kept in `data/self-check/judged.json`; bounded by the queue, since a line that has left
 * `queue/normal/` is dropped, and a new checkpoint starts afresh.
 */
export interface JudgedLines {
  checkpoint: string | null;
  lines: Record<string, string | null>;
}

/** The remembered judgements; an absent or unreadable file is a fresh start (the next pass re-judges, writing no correction twice: see `correctionKey`). */
export async function readJudged(file: string): Promise<JudgedLines> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as JudgedLines;
    if (typeof value === 'object' && value !== null && typeof value.lines === 'object' && value.lines !== null) return value;
  } catch {
    // fresh start
  }
  return { checkpoint: null, lines: {} };
}

export const writeJudged = (file: string, state: JudgedLines) => writeFileAtomic(file, JSON.stringify(state) + '\n');

/**
 * The judgements that still hold for `checkpoint` and the lines now queued (`ids`), and which
 * of those lines are still to be judged.
 */
export function carryOver(state: JudgedLines, checkpoint: string, ids: readonly string[]): { state: JudgedLines; pending: string[] } {
  const previous = state.checkpoint === checkpoint ? state.lines : {};
  const lines: Record<string, string | null> = {};
  const pending: string[] = [];
  for (const id of ids) {
    if (id in previous) lines[id] = previous[id]!;
    else pending.push(id);
  }
  return { state: { checkpoint, lines }, pending };
}

/** Error patterns of the lines queued now: how many of them the checkpoint gets wrong, per pattern. */
export function currentPatterns(state: JudgedLines): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const pattern of Object.values(state.lines)) if (pattern !== null) counts[pattern] = (counts[pattern] ?? 0) + 1;
  return counts;
}
