import type { CommandSpec } from './command-spec.js';

export const rollbackCommand: CommandSpec = {
  name: 'rollback',
  summary: "Make an earlier checkpoint the champion again (champion.json, how: rollback); checkpoint-auto-deploy then serves it, and never promotes the one rolled back from again.",
  synopsis: 'flywheel rollback <checkpoint> --reason TEXT',
  options: {
    reason: { type: 'string', placeholder: 'text', description: 'why (recorded in champion.json and its history)' },
  },
  positionals: 1,
  details: [
    "The one way the champion's score may go down. The checkpoint must be a checkpoint-<step> that has been champion",
    'or is on disk in the checkpoints folder. Written through the status store (and published to Redis when it answers).',
  ].join('\n'),
  async run(args, context) {
    const { rollbackMain } = await import('./rollback.js');
    return rollbackMain(args, context);
  },
};
