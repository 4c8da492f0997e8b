import { checkpointStep } from '@flywheel/checkpoints';
import { EvaluationResult, type EvalRecord } from '@flywheel/contracts';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** A checkpoint folder under `status/evals/`. */
export interface EvaluatedCheckpoint {
  checkpoint: string;
  step: number;
  dir: string;
}

/** The `checkpoint-<step>` folders of the evaluator's cache (`<statusDir>/evals`), by step ascending. */
export async function listEvaluatedCheckpoints(evalsDir: string): Promise<EvaluatedCheckpoint[]> {
  const entries = await readdir(evalsDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => ({ checkpoint: e.name, step: checkpointStep(e.name), dir: path.join(evalsDir, e.name) }))
    .filter((c): c is EvaluatedCheckpoint => c.step !== null)
    .sort((a, b) => a.step - b.step);
}

/**
 * The checkpoint's newest cached evaluation on `exampleSet` (by `evaluatedAt`), or null.
 * Files that do not parse as an EvaluationResult are skipped: the evaluator treats them as
 * misses too and writes them again.
 */
export async function newestResult(checkpoint: EvaluatedCheckpoint, exampleSet: string): Promise<EvaluationResult | null> {
  const files = (await readdir(checkpoint.dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json') && !f.startsWith('.'));
  let newest: EvaluationResult | null = null;
  for (const file of files) {
    const result = await readResult(path.join(checkpoint.dir, file));
    if (!result || result.exampleSet !== exampleSet || result.checkpoint !== checkpoint.checkpoint) continue;
    if (!newest || result.evaluatedAt > newest.evaluatedAt) newest = result;
  }
  return newest;
}

async function readResult(file: string): Promise<EvaluationResult | null> {
  try {
    const parsed = EvaluationResult.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Accuracy of one checkpoint in `/api/accuracy_history`; null where there is no example to count. */
export interface AccuracyPoint {
  checkpoint: string;
  step: number;
  accuracy: number | null;
  by_difficulty: { easy: number | null; medium: number | null; hard: number | null };
}

/** Share correct over all records and per difficulty, from the records themselves. */
export function accuracyOf(checkpoint: string, step: number, records: readonly EvalRecord[]): AccuracyPoint {
  const share = (subset: readonly EvalRecord[]) => (subset.length === 0 ? null : subset.filter((r) => r.correct).length / subset.length);
  return {
    checkpoint,
    step,
    accuracy: share(records),
    by_difficulty: {
      easy: share(records.filter((r) => r.difficulty === 'easy')),
      medium: share(records.filter((r) => r.difficulty === 'medium')),
      hard: share(records.filter((r) => r.difficulty === 'hard')),
    },
  };
}

/**
 * Accuracy of the newest `limit` checkpoints the evaluator has scored on `exampleSet`,
 * oldest → newest. Points are cached by folder (a result file is written once, atomically;
 * a new one changes the folder's mtime), so a poll re-reads only what changed.
 */
export function createAccuracyHistory(evalsDir: string, exampleSet = 'validation') {
  const cache = new Map<string, { mtimeMs: number; point: AccuracyPoint | null }>();
  return async function accuracyHistory(limit: number): Promise<AccuracyPoint[]> {
    const checkpoints = await listEvaluatedCheckpoints(evalsDir);
    const points: AccuracyPoint[] = [];
    for (const checkpoint of checkpoints.reverse()) {
      if (points.length >= limit) break;
      const mtimeMs = (await stat(checkpoint.dir).catch(() => null))?.mtimeMs ?? -1;
      let entry = cache.get(checkpoint.dir);
      if (!entry || entry.mtimeMs !== mtimeMs) {
        const result = await newestResult(checkpoint, exampleSet);
        entry = { mtimeMs, point: result ? accuracyOf(checkpoint.checkpoint, checkpoint.step, result.records) : null };
        cache.set(checkpoint.dir, entry);
      }
      if (entry.point) points.push(entry.point);
    }
    return points.reverse();
  };
}
