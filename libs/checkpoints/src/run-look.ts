import { listCheckpoints } from './discover.js';
import { prunedEvaluationCount } from './pruned-evaluations.js';
import path from 'node:path';

/**
 * The look a checkpoint is in the run, 1-based: how many checkpoints of the run have a step
 * at or below its own, counting both those on disk and those the evaluator has records of
 * (`<statusDir>/evals/<checkpoint>/`), so pruned checkpoints still count and a look is never
 * judged as if it were earlier (and allowed a larger share of the budget) than it is; plus
 * those whose evaluations were removed (`pruned.json`): all older than the newest, and counted
 * even if still on disk, which can only make a look later, never earlier.
 */
export async function runLook(checkpointsDir: string, statusDir: string, step: number): Promise<number> {
  const names = new Set<string>();
  for (const dir of [checkpointsDir, path.join(statusDir, 'evals')]) {
    for (const c of await listCheckpoints(dir)) if (c.step <= step) names.add(c.name);
  }
  return Math.max(1, names.size + (await prunedEvaluationCount(path.join(statusDir, 'evals'))));
}
