import { CheckpointName, EvaluationResult } from '@flywheel/contracts';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CommandError, UsageError } from './cli-errors.js';

/** A checkpoint's evaluation as the evaluator cached it in `<statusDir>/evals/<checkpoint>/<key>.json`. */
export interface CachedEvaluation {
  file: string;
  result: EvaluationResult;
}

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

/** Checkpoint folders under the evals folder, oldest step first. */
export async function evaluatedCheckpoints(evalsDir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(evalsDir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((e) => e.isDirectory() && CheckpointName.safeParse(e.name).success)
    .map((e) => e.name)
    .sort((a, b) => stepOf(a) - stepOf(b));
}

/** Every cached evaluation of one checkpoint that parses, and the files that did not. */
export async function cachedEvaluations(evalsDir: string, checkpoint: string): Promise<{ evaluations: CachedEvaluation[]; unreadable: string[] }> {
  const dir = path.join(evalsDir, checkpoint);
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { evaluations: [], unreadable: [] };
    throw error;
  }
  const evaluations: CachedEvaluation[] = [];
  const unreadable: string[] = [];
  for (const name of files) {
    const file = path.join(dir, name);
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      unreadable.push(`${file}: ${(error as Error).message}`);
      continue;
    }
    const parsed = EvaluationResult.safeParse(json);
    if (parsed.success && parsed.data.checkpoint === checkpoint) evaluations.push({ file, result: parsed.data });
    else unreadable.push(`${file}: ${parsed.success ? `names ${parsed.data.checkpoint}` : 'not an evaluation result'}`);
  }
  return { evaluations, unreadable };
}

/**
 * The newest evaluation of `checkpoint` on `exampleSet` (by `evaluatedAt`: a checkpoint
 * rewritten under the same name is evaluated again). A CommandError names the checkpoint,
 * the folder, and what is there instead, when there is none.
 */
export async function checkpointEvaluation(evalsDir: string, checkpoint: string, exampleSet = 'validation'): Promise<CachedEvaluation> {
  const { evaluations, unreadable } = await cachedEvaluations(evalsDir, checkpoint);
  const onSet = evaluations.filter((e) => e.result.exampleSet === exampleSet);
  if (onSet.length > 0) return onSet.reduce((a, b) => (Date.parse(b.result.evaluatedAt) > Date.parse(a.result.evaluatedAt) ? b : a));
  const where = path.join(evalsDir, checkpoint);
  if (evaluations.length > 0) {
    const sets = [...new Set(evaluations.map((e) => e.result.exampleSet))].join(', ');
    throw new CommandError(`${checkpoint} has no evaluation records on "${exampleSet}" in ${where} (only on: ${sets})`);
  }
  const known = await evaluatedCheckpoints(evalsDir);
  const hint = known.length ? `evaluated checkpoints: ${summarizeNames(known)}` : 'no checkpoint has been evaluated yet (is the evaluator running?)';
  const bad = unreadable.length ? `; unreadable: ${unreadable.join('; ')}` : '';
  throw new CommandError(`${checkpoint} has no evaluation records in ${where}: ${hint}${bad}`);
}

function summarizeNames(names: readonly string[]): string {
  return names.length <= 8 ? names.join(', ') : `${names.slice(0, 3).join(', ')}, … ${names.slice(-3).join(', ')} (${names.length})`;
}
