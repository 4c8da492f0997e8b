import { listEvaluatedCheckpoints } from '@flywheel/api-server';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CommandError, UsageError } from './cli-errors.js';
import { stringFlag, type CommandArgs } from './command-args.js';
import { configFor, type CliContext } from './command-spec.js';
import { checkpointEvaluation } from './eval-records.js';
import { parseReplayRecords, type ReplayCheckpoint } from './replay-records.js';
import { replayRun } from './replay-run.js';

/** The evaluator's records of every evaluated checkpoint under `<statusDir>/evals`, by step. */
export async function checkpointsFromEvals(statusDir: string, exampleSet: string): Promise<ReplayCheckpoint[]> {
  const evalsDir = path.join(statusDir, 'evals');
  const listed = await listEvaluatedCheckpoints(evalsDir);
  if (listed.length === 0) throw new CommandError(`no evaluations in ${evalsDir} (is this a status folder, and has the evaluator run?)`);
  const out: ReplayCheckpoint[] = [];
  for (const c of listed) out.push({ checkpoint: c.checkpoint, step: c.step, result: await checkpointEvaluation(evalsDir, c.checkpoint, exampleSet) });
  return out.sort((a, b) => a.step - b.step);
}

/** `flywheel replay`: one JSON line per checkpoint on stdout; unusable input lines on stderr (exit 1 if any). */
export async function replayMain(args: CommandArgs, context: CliContext): Promise<number> {
  const { io } = context;
  const config = configFor('replay', args, io);
  const fromEvals = stringFlag('replay', args, 'from-evals');
  const file = args.positionals[0];
  if ((fromEvals === undefined) === (file === undefined)) {
    throw new UsageError('flywheel replay: give a records file or --from-evals <status dir>, not both (flywheel replay --help)');
  }
  let checkpoints: ReplayCheckpoint[];
  let rejected = 0;
  if (fromEvals !== undefined) {
    checkpoints = await checkpointsFromEvals(path.resolve(io.cwd, fromEvals), stringFlag('replay', args, 'example-set') ?? 'validation');
  } else {
    const source = path.resolve(io.cwd, file!);
    const text = await readFile(source, 'utf8').catch((error: Error) => {
      throw new CommandError(`cannot read ${source}: ${error.message}`);
    });
    const parsed = parseReplayRecords(text, source);
    for (const p of parsed.problems) io.stderr(`${p.source}:${p.where.replace('line ', '')}: ${p.message} (line left out)\n`);
    rejected = parsed.problems.length;
    checkpoints = parsed.checkpoints;
  }
  if (checkpoints.length === 0) throw new CommandError('no checkpoint to replay');
  // Reproducible output: champion changes are stamped with the clock the CLI was given.
  for (const line of await replayRun(checkpoints, config, io.now())) io.stdout(JSON.stringify(line) + '\n');
  return rejected > 0 ? 1 : 0;
}
