import type { CommandSpec } from './command-spec.js';

export const compareCommand: CommandSpec = {
  name: 'compare',
  summary: "Two checkpoints side by side from the evaluator's cached records (status/evals/): accuracy, loss, ECE, McNemar's test, disagreements.",
  synopsis: 'flywheel compare --checkpoint1 A --checkpoint2 B [--example-set NAME] [--show N] [--json]',
  options: {
    checkpoint1: { type: 'string', placeholder: 'checkpoint', description: 'first checkpoint: checkpoint-<step> or a path ending in it' },
    checkpoint2: { type: 'string', placeholder: 'checkpoint', description: 'second checkpoint' },
    'example-set': { type: 'string', placeholder: 'name', description: 'which evaluation (default: validation)' },
    show: { type: 'string', placeholder: 'n', description: 'disagreements to print (default 10)' },
    json: { type: 'boolean', description: 'print the comparison as JSON (every disagreement)' },
  },
  details: 'Nothing is inferred: a checkpoint the evaluator has not evaluated is an error naming it.',
  async run(args, context) {
    const { compareMain } = await import('./compare-checkpoints.js');
    return compareMain(args, context);
  },
};
