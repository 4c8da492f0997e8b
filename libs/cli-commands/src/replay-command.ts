import type { CommandSpec } from './command-spec.js';

export const replayCommand: CommandSpec = {
  name: 'replay',
  summary: 'What flywheel would have decided on a recorded run: automated-testing, the regression monitor, model comparison and the deploy gate, one JSON line per checkpoint.',
  synopsis: 'flywheel replay <records.jsonl> | flywheel replay --from-evals <status dir> [--example-set NAME]',
  options: {
    'from-evals': { type: 'string', placeholder: 'status dir', description: "replay the evaluator's records of a real run (<status dir>/evals/<checkpoint>/)" },
    'example-set': { type: 'string', placeholder: 'name', description: 'with --from-evals: which evaluation (default: validation)' },
  },
  positionals: 1,
  details: [
    'Input: JSON lines {checkpoint, step, example_id, difficulty, correct} with optional golden_loss, confidence, well_formed, skill;',
    "every decision is made by the daemons' own functions with the configuration given (--set analysis.runFalsePageRate=0.01, …).",
    'No model server, no Redis. A deployment that passes its gates is taken to succeed. Docs: docs/cli.md.',
  ].join('\n'),
  async run(args, context) {
    const { replayMain } = await import('./replay.js');
    return replayMain(args, context);
  },
};
