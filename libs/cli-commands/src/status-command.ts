import type { CommandSpec } from './command-spec.js';

export const statusCommand: CommandSpec = {
  name: 'status',
  summary: 'Every status file (state, age) and every daemon (alive, last beat), from the API or, when it is down, the files.',
  synopsis: 'flywheel status [--api URL] [--json]',
  options: {
    api: { type: 'string', placeholder: 'url', description: 'API to ask (default http://127.0.0.1:<api.port>)' },
    json: { type: 'boolean', description: "print /api/status's JSON instead of the tables" },
  },
  details: 'Exit code 1 when any status file is in error (unreadable or invalid), else 0.',
  async run(args, context) {
    const { statusMain } = await import('./system-status.js');
    return statusMain(args, context);
  },
};
