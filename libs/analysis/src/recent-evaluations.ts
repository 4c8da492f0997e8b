import { listCheckpoints, type CheckpointFolder } from '@flywheel/checkpoints';
import type { DaemonName, EvaluationResult, StatusIssue } from '@flywheel/contracts';
import type { DaemonContext } from '@flywheel/daemon-runtime';
import { evaluationClientFor, validationRequest } from '@flywheel/evaluation';
import { readHeartbeats } from '@flywheel/status-store';
import path from 'node:path';
import { evaluationOnRecord } from './evaluation-on-record.js';
import { nearestPositions } from './nearest-positions.js';

export interface EvaluatedCheckpoint {
  checkpoint: string;
  step: number;
  result: EvaluationResult;
}

export interface RecentEvaluations {
  /** Oldest first: the newest `count` and every kept checkpoint found on disk. */
  evaluated: EvaluatedCheckpoint[];
  problems: StatusIssue[];
  /** Kept checkpoints (champion, deployed, pinned) that are not on disk. */
  missingKept: string[];
}

/**
 * The newest `count` checkpoints, plus every `kept` one (the champion, the deployed one,
 * pinned ones) wherever it falls: those are compared with whatever the window. `aroundKept`
 * adds that many of each kept checkpoint's nearest neighbours by step (the champion's pool).
 */
export function checkpointsToEvaluate(all: readonly CheckpointFolder[], count: number, kept: readonly string[], aroundKept = 0): { chosen: CheckpointFolder[]; missingKept: string[] } {
  const sorted = [...all].sort((a, b) => a.step - b.step);
  const recent = new Set(sorted.slice(-count).map((c) => c.name));
  for (const name of kept) {
    const at = sorted.findIndex((c) => c.name === name);
    if (at < 0) continue;
    for (const i of nearestPositions(sorted.length, at).slice(0, aroundKept)) recent.add(sorted[i]!.name);
  }
  const chosen = sorted.filter((c) => recent.has(c.name) || kept.includes(c.name));
  return { chosen, missingKept: kept.filter((name) => !sorted.some((c) => c.name === name)) };
}

/**
 * The validation-set evaluations of the newest `count` checkpoints, from the evaluator (its
 * cache, or a job it runs once for everyone). The analysis daemons compute from these records
 * and infer nothing themselves. Without a live evaluator there is nothing to wait for: the
 * problem is reported and the status keeps its last content.
 */
export async function recentEvaluations(
  context: Pick<DaemonContext, 'config' | 'redis'>,
  count: number,
  requestedBy: DaemonName,
  /**
   * `exampleSet`: the held-out `validation` (the default) or the miner's training-side split;
   * `kept`: checkpoints evaluated whatever `count` (the champion, the deployed one, pinned ones);
   * `aroundKept`: how many nearest neighbours of each kept one are evaluated with it;
   * `withPruned`: also take pruned checkpoints' results from the evaluator's records.
   */
  { exampleSet = 'validation', kept = [], aroundKept = 0, withPruned = false }: { exampleSet?: string; kept?: readonly string[]; aroundKept?: number; withPruned?: boolean } = {},
): Promise<RecentEvaluations> {
  const { config, redis } = context;
  const onDisk = await listCheckpoints(config.paths.checkpointsDir);
  // With `withPruned`, pruned checkpoints the evaluator has records of count as earlier
  // checkpoints of the run: automated-testing's pools (8 by default, the champion's
  // neighbours) need more of them than `sync.keep` leaves on disk. Rankings must not: a
  // pruned checkpoint cannot be deployed.
  const evalsDir = path.join(config.paths.statusDir, 'evals');
  const pruned = withPruned ? (await listCheckpoints(evalsDir)).filter((r) => !onDisk.some((d) => d.name === r.name)) : [];
  const { chosen } = checkpointsToEvaluate([...onDisk, ...pruned], count, kept, aroundKept);
  const missingKept = kept.filter((name) => !onDisk.some((c) => c.name === name));
  const checkpoints = chosen.filter((c) => onDisk.some((d) => d.name === c.name));
  const recordedOnly = chosen.filter((c) => !onDisk.some((d) => d.name === c.name));
  if (checkpoints.length === 0) return { evaluated: [], problems: [], missingKept };
  if (!redis) return { evaluated: [], problems: [{ source: 'redis', message: 'no Redis connection: the evaluator cannot be asked' }], missingKept };
  const beats = await readHeartbeats(redis, config.run).catch(() => null);
  if (beats?.evaluator.state !== 'alive') {
    return { evaluated: [], problems: [{ source: 'evaluator', message: 'no evaluator is running (start apps/evaluator); nothing to compute from' }], missingKept };
  }
  const client = evaluationClientFor(config);
  try {
    const settled = await Promise.allSettled(
      checkpoints.map((c) => client.evaluate({ ...validationRequest(config, { name: c.name, path: c.path }, requestedBy), exampleSet })),
    );
    const evaluated: EvaluatedCheckpoint[] = [];
    const problems: StatusIssue[] = [];
    settled.forEach((outcome, i) => {
      const c = checkpoints[i]!;
      if (outcome.status === 'fulfilled') evaluated.push({ checkpoint: c.name, step: c.step, result: outcome.value });
      else problems.push({ source: c.path, message: (outcome.reason as Error).message });
    });
    const like = evaluated.at(-1)?.result;
    if (like) {
      for (const c of recordedOnly) {
        const result = await evaluationOnRecord(evalsDir, c.name, like);
        if (result) evaluated.push({ checkpoint: c.name, step: c.step, result });
      }
      evaluated.sort((a, b) => a.step - b.step);
    }
    for (const name of missingKept) problems.push({ source: name, message: `${name} must be kept (champion, deployed or pinned) but is not in ${config.paths.checkpointsDir}` });
    return { evaluated, problems, missingKept };
  } finally {
    await client.close();
  }
}
