import type { CommandSpec } from './command-spec.js';

export const queueHealthCommand: CommandSpec = {
  name: 'queue-health',
  summary: 'Files waiting in queue/normal, corrections and rejected; job counts of every daemon queue; a verdict.',
  synopsis: 'flywheel queue-health [--base-dir DIR] [--min-files N] [--stuck-after SECONDS] [--json]',
  options: {
    'stuck-after': { type: 'string', placeholder: 'seconds', description: 'queue/normal is stuck when its oldest file is older (default 3600)' },
    json: { type: 'boolean', description: 'print the report as JSON' },
  },
  details:
    'Verdict: stuck (oldest waiting file older than --stuck-after), low (fewer than --min-files, the\n' +
    "configuration flag data-generation uses, waiting), else healthy. Exit code 0 when healthy, 1 otherwise.",
  async run(args, context) {
    const { queueHealthMain } = await import('./queue-health.js');
    return queueHealthMain(args, context);
  },
};
