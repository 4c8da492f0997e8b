import { ConfigError, loadConfig, type FlywheelConfig } from '@flywheel/config';
import type { CliIo } from './cli-io.js';
import { UsageError } from './cli-errors.js';
import type { CommandArgs, CommandOption } from './command-args.js';

/** What every command gets besides its arguments. */
export interface CliContext {
  io: CliIo;
  /** The checkout's root: where `scripts/up.sh` and `apps/<daemon>/dist/main.js` are. */
  workspaceRoot: string;
}

/** One `flywheel <name>` command: its flags, its help, and the function that runs it (resolves to the exit code). */
export interface CommandSpec {
  name: string;
  summary: string;
  /** `flywheel status [--api URL] [--json]` */
  synopsis: string;
  /** Paragraphs after the flags in `--help`. */
  details?: string;
  options: Readonly<Record<string, CommandOption>>;
  /** How many positional arguments it takes (e.g. `run <daemon>`). @defaultValue 0 */
  positionals?: number;
  run(args: CommandArgs, context: CliContext): Promise<number>;
}

/** The configuration as every daemon loads it, from the command's configuration flags; a bad one is a UsageError. */
export function configFor(command: string, args: CommandArgs, io: CliIo): FlywheelConfig {
  try {
    return loadConfig({ argv: args.configArgv, env: io.env, cwd: io.cwd });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`flywheel ${command}: ${error.message}`);
    throw error;
  }
}

/** `--help` of one command. */
export function commandHelp(spec: CommandSpec): string {
  const flags = Object.entries(spec.options).map(([name, option]) => {
    const left = `--${name}${option.type === 'string' ? ` <${option.placeholder ?? 'value'}>` : ''}`;
    return `  ${left.padEnd(26)} ${option.description}`;
  });
  return [
    `usage: ${spec.synopsis}`,
    '',
    spec.summary,
    '',
    ...(flags.length ? ['flags:', ...flags, ''] : []),
    ...(spec.details ? [spec.details, ''] : []),
    'Configuration flags (--base-dir, --run, --redis-url, --config FILE, --set path=value, …) and',
    'FLYWHEEL_* variables work as for every daemon: `flywheel --help-config` lists them; reference in docs/configuration.md.',
  ].join('\n');
}
