import { listCheckpoints, parseTrainerState, trainingCurve } from '@flywheel/checkpoints';
import type { ReportSource } from '@flywheel/contracts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The newest checkpoint's logged training losses, oldest step first. */
export interface TrainerCurve {
  checkpoint: string;
  losses: number[];
}

/** Enough logged steps for a trend, few enough that Mann–Kendall's n² pairs stay cheap. */
export const MAX_CURVE_POINTS = 200;

/**
 * The training loss curve of the newest `checkpoint-<step>/trainer_state.json` under
 * `checkpointsDir` (its last `MAX_CURVE_POINTS` logged losses), with what reading it gave for
 * the sources list. No checkpoint: null and "missing"; an unreadable file: null and its error.
 */
export async function readTrainerCurve(checkpointsDir: string): Promise<{ curve: TrainerCurve | null; source: ReportSource }> {
  const newest = (await listCheckpoints(checkpointsDir)).at(-1);
  const name = newest ? `trainer_state.json (${newest.name})` : 'trainer_state.json';
  if (!newest) return { curve: null, source: { name, state: 'missing', last_update: null, error: null } };
  const file = path.join(newest.path, 'trainer_state.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { curve: null, source: { name, state: missing ? 'missing' : 'error', last_update: null, error: missing ? null : `${file}: ${(error as Error).message}` } };
  }
  const parsed = parseTrainerState(text, file);
  if (!parsed.ok) return { curve: null, source: { name, state: 'error', last_update: null, error: `${parsed.problem.source}${parsed.problem.where ? ` ${parsed.problem.where}` : ''}: ${parsed.problem.message}` } };
  const losses = trainingCurve(parsed.state).flatMap((p) => (p.loss === null ? [] : [p.loss])).slice(-MAX_CURVE_POINTS);
  return { curve: { checkpoint: newest.name, losses }, source: { name, state: 'present', last_update: null, error: null } };
}
