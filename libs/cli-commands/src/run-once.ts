import { DAEMON_NAMES, type DaemonName } from '@flywheel/contracts';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { runChild, type ChildOptions } from './child-process.js';
import { CommandError, UsageError } from './cli-errors.js';
import { configFor, type CliContext } from './command-spec.js';
import type { CommandArgs } from './command-args.js';

/** Daemons `run --once` can start: the evaluator only serves other daemons' asks and never runs "once". */
export const RUNNABLE_ONCE: readonly DaemonName[] = DAEMON_NAMES.filter((d) => d !== 'evaluator');

/** Configuration flags that would make a daemon keep running; `run --once` drops them. */
const KEEP_RUNNING_FLAGS = new Set(['--interval', '--continuous', '--no-once']);

/** `configArgv` without `--interval N`, `--continuous` and `--no-once`, plus `--once`. */
export function onceArgv(configArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < configArgv.length; i++) {
    const arg = configArgv[i]!;
    if (arg === '--interval') {
      i++; // and its value
      continue;
    }
    if (KEEP_RUNNING_FLAGS.has(arg) || arg === '--once') continue;
    out.push(arg);
  }
  return [...out, '--once'];
}

/**
 * One pass of a daemon: its built app, `node apps/<daemon>/dist/main.js <config flags> --once`,
 * so the pass is wired exactly as under pm2 (each main.ts is the one place a daemon is put
 * together). Resolves to the app's exit code: 0 when the pass succeeded, 1 when it failed.
 */
export async function runDaemonOnce(workspaceRoot: string, daemon: string, configArgv: readonly string[], options: Partial<ChildOptions> = {}): Promise<number> {
  if (daemon === 'evaluator') {
    throw new UsageError('flywheel run: the evaluator has no single pass: it serves the other daemons\' evaluation asks; start it with `node apps/evaluator/dist/main.js --continuous` (or pm2)');
  }
  if (!(RUNNABLE_ONCE as readonly string[]).includes(daemon)) {
    throw new UsageError(`flywheel run: unknown daemon "${daemon}"; one of: ${RUNNABLE_ONCE.join(', ')}`);
  }
  const script = path.join(workspaceRoot, 'apps', daemon, 'dist', 'main.js');
  try {
    await access(script);
  } catch {
    throw new CommandError(`${script} does not exist: build it first (npm run build, or npx nx build ${daemon})`);
  }
  return runChild(process.execPath, [script, ...onceArgv(configArgv)], { cwd: options.cwd ?? process.cwd(), ...options });
}

/** `flywheel run` once its arguments are parsed (see run-command.ts). */
export async function runMain(args: CommandArgs, { io, workspaceRoot }: CliContext): Promise<number> {
  const daemon = args.positionals[0];
  if (!daemon) throw new UsageError(`flywheel run: name a daemon: flywheel run <daemon> --once; one of: ${RUNNABLE_ONCE.join(', ')}`);
  // A bad configuration stops here with every problem named, before a process is started.
  configFor('run', args, io);
  return runDaemonOnce(workspaceRoot, daemon, args.configArgv, { cwd: io.cwd, env: io.env });
}
