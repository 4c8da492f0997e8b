import { listEvaluatedCheckpoints, newestResult } from '@flywheel/api-server';
import { CheckpointName, EvaluationResult } from '@flywheel/contracts';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CommandError, UsageError } from './cli-errors.js';

/**
 * `checkpoint-1400`, `models/checkpoint-1400` or `/abs/current_model/checkpoint-1400/` (the
 * seed passes paths) → `checkpoint-1400`. Only the folder name is used, so nothing outside the
 * evals folder is ever read.
 */
export function checkpointNameOf(command: string, flag: string, value: string): string {
  const name = path.basename(value.replace(/[\\/]+$/, ''));
  if (!CheckpointName.safeParse(name).success) {
    throw new UsageError(`flywheel ${command}: --${flag} "${value}" does not name a checkpoint (expected checkpoint-<step> or a path ending in it)`);
  }
  return name;
}

export function stepOf(checkpoint: string): number {
  return Number(checkpoint.slice('checkpoint-'.length));
}

/**
 * The newest evaluation of `checkpoint` on `exampleSet` in the evaluator's cache
 * (`<statusDir>/evals/<checkpoint>/<key>.json`), picked as the API picks it. When there is
 * none, a CommandError names the checkpoint, the folder, and what is there instead.
 */
export async function checkpointEvaluation(evalsDir: string, checkpoint: string, exampleSet = 'validation'): Promise<EvaluationResult> {
  const dir = path.join(evalsDir, checkpoint);
  const result = await newestResult({ checkpoint, step: stepOf(checkpoint), dir }, exampleSet);
  if (result) return result;
  throw new CommandError(await whyNoEvaluation(evalsDir, checkpoint, exampleSet));
}

/** What the folder holds when it holds no usable evaluation: other sets, unreadable files, other checkpoints. */
async function whyNoEvaluation(evalsDir: string, checkpoint: string, exampleSet: string): Promise<string> {
  const dir = path.join(evalsDir, checkpoint);
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json') && !f.startsWith('.')).sort();
  const sets = new Set<string>();
  const unreadable: string[] = [];
  for (const name of files) {
    const file = path.join(dir, name);
    try {
      const parsed = EvaluationResult.safeParse(JSON.parse(await readFile(file, 'utf8')));
      if (parsed.success && parsed.data.checkpoint === checkpoint) sets.add(parsed.data.exampleSet);
      else unreadable.push(`${file}: ${parsed.success ? `names ${parsed.data.checkpoint}` : 'not an evaluation result'}`);
    } catch (error) {
      unreadable.push(`${file}: ${(error as Error).message}`);
    }
  }
  if (sets.size > 0) return `${checkpoint} has no evaluation records on "${exampleSet}" in ${dir} (only on: ${[...sets].join(', ')})`;
  const known = (await listEvaluatedCheckpoints(evalsDir)).map((c) => c.checkpoint);
  const hint = known.length ? `evaluated checkpoints: ${summarizeNames(known)}` : 'no checkpoint has been evaluated yet (is the evaluator running?)';
  return `${checkpoint} has no evaluation records in ${dir}: ${hint}${unreadable.length ? `; unreadable: ${unreadable.join('; ')}` : ''}`;
}

function summarizeNames(names: readonly string[]): string {
  return names.length <= 8 ? names.join(', ') : `${names.slice(0, 3).join(', ')}, … ${names.slice(-3).join(', ')} (${names.length})`;
}
