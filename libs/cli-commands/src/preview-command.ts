import type { CommandSpec } from './command-spec.js';

export const previewCommand: CommandSpec = {
  name: 'preview',
  summary: "Inference previews of a checkpoint: prompt, golden answer and the model's output with its think block marked.",
  synopsis: 'flywheel preview [--step N] [--count K] [--difficulty easy|medium|hard] [--api URL] [--json]',
  options: {
    step: { type: 'string', placeholder: 'n', description: 'checkpoint-<n> (default: the newest evaluated checkpoint)' },
    count: { type: 'string', placeholder: 'k', description: 'how many, 1..50 (default 5)' },
    difficulty: { type: 'string', placeholder: 'level', description: 'only examples of this difficulty' },
    api: { type: 'string', placeholder: 'url', description: 'API to ask (default http://127.0.0.1:<api.port>)' },
    json: { type: 'boolean', description: 'print the previews as JSON (the keys of /api/previews)' },
  },
  details:
    "Asks the API's /api/previews; when the API cannot answer, reads the evaluator's cached records\n" +
    '(<status>/evals/) and the validation set (<data>/validation/) directly. Nothing is inferred.',
  async run(args, context) {
    const { previewMain } = await import('./previews.js');
    return previewMain(args, context);
  },
};
