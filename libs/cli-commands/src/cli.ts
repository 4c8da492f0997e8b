import { usage as configUsage } from '@flywheel/config';
export { processIo } from './cli-io.js';
import { CommandError, UsageError } from './cli-errors.js';
import { parseCommandArgs } from './command-args.js';
import { commandHelp, type CliContext, type CommandSpec } from './command-spec.js';
import { compareCommand } from './compare-command.js';
import { previewCommand } from './preview-command.js';
import { queueHealthCommand } from './queue-health-command.js';
import { replayCommand } from './replay-command.js';
import { rollbackCommand } from './rollback-command.js';
import { reportCommand } from './report-command.js';
import { runCommand } from './run-command.js';
import { statusCommand } from './status-command.js';
import { upCommand } from './up-command.js';
import { validateCommand } from './validate-command.js';

/** Every command, in the order `flywheel --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [upCommand, statusCommand, validateCommand, compareCommand, previewCommand, queueHealthCommand, reportCommand, replayCommand, rollbackCommand, runCommand];

export function cliHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: flywheel <command> [flags]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    '`flywheel <command> --help` for its flags; `flywheel --help-config` for the configuration flags',
    'every command takes (--base-dir, --run, --redis-url, --config, --set, …). Docs: docs/cli.md.',
  ].join('\n');
}

/**
 * The whole CLI as a function: dispatches `argv` (without `node flywheel`) to a command and
 * resolves to the exit code. 2: bad command line or configuration; 1: the command failed (or,
 * for status and queue-health, found trouble); 0: done.
 */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const { io } = context;
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(cliHelp() + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--help-config') {
    io.stdout(configUsage('flywheel <command>') + '\n');
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`flywheel: unknown command "${name}"; commands: ${COMMANDS.map((c) => c.name).join(', ')} (flywheel --help)\n`);
    return 2;
  }
  try {
    const args = parseCommandArgs(command.name, rest, command.options, command.positionals ?? 0);
    if (args.help) {
      io.stdout(commandHelp(command) + '\n');
      return 0;
    }
    return await command.run(args, context);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof CommandError) {
      io.stderr(`flywheel ${command.name}: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`flywheel ${command.name}: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}
