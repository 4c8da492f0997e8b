import { DAEMON_NAMES } from '@flywheel/contracts';
import type { CommandSpec } from './command-spec.js';

export const runCommand: CommandSpec = {
  name: 'run',
  summary: 'One pass of a daemon, then exit (the seed\'s "manual run"): its status file is written as usual.',
  synopsis: `flywheel run <daemon> [--once] [configuration flags]`,
  positionals: 1,
  // --once is a configuration flag (libs/config): accepted, and added when missing.
  options: {},
  details:
    `daemons: ${DAEMON_NAMES.filter((d) => d !== 'evaluator').join(', ')}.\n` +
    'Runs the built app (apps/<daemon>/dist/main.js) with your configuration flags and --once;\n' +
    '--interval and --continuous are dropped. Exit code: the daemon\'s (0 pass succeeded, 1 failed, 2 bad configuration).',
  async run(args, context) {
    const { runMain } = await import('./run-once.js');
    return runMain(args, context);
  },
};
