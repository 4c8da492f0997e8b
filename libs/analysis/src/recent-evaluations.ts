import { listCheckpoints, type CheckpointFolder } from '@flywheel/checkpoints';
import type { DaemonName, EvaluationResult, StatusIssue } from '@flywheel/contracts';
import type { DaemonContext } from '@flywheel/daemon-runtime';
import { evaluationClientFor, validationRequest } from '@flywheel/evaluation';
import { readHeartbeats } from '@flywheel/status-store';

export interface EvaluatedCheckpoint {
  checkpoint: string;
  step: number;
  result: EvaluationResult;
}

export interface RecentEvaluations {
  /** Oldest first. */
  evaluated: EvaluatedCheckpoint[];
  problems: StatusIssue[];
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
  /** Which example set: the held-out `validation` (the default), or the miner's training-side split. */
  exampleSet = 'validation',
): Promise<RecentEvaluations> {
  const { config, redis } = context;
  const checkpoints: CheckpointFolder[] = (await listCheckpoints(config.paths.checkpointsDir)).sort((a, b) => a.step - b.step).slice(-count);
  if (checkpoints.length === 0) return { evaluated: [], problems: [] };
  if (!redis) return { evaluated: [], problems: [{ source: 'redis', message: 'no Redis connection: the evaluator cannot be asked' }] };
  const beats = await readHeartbeats(redis, config.run).catch(() => null);
  if (beats?.evaluator.state !== 'alive') {
    return { evaluated: [], problems: [{ source: 'evaluator', message: 'no evaluator is running (start apps/evaluator); nothing to compute from' }] };
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
    return { evaluated, problems };
  } finally {
    await client.close();
  }
}
