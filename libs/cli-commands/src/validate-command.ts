import type { CommandSpec } from './command-spec.js';

export const validateCommand: CommandSpec = {
  name: 'validate',
  summary: "Quick validation of a served model on the validation set (the seed's quick_validation.py): a JSON report.",
  synopsis: 'flywheel validate --model-path P --output F [--samples N] [--backend-url URL] [--backend-profile vllm|…]',
  options: {
    'model-path': { type: 'string', placeholder: 'name', description: 'the model the server is asked for (its served name or path, as vLLM names it)' },
    output: { type: 'string', placeholder: 'file', description: 'where to write the JSON report (atomically)' },
  },
  details:
    '--samples N (default: config samples, 100) takes the first N examples of <data>/validation/*.jsonl.\n' +
    '--backend-url and --backend-profile are the configuration flags (backend.baseUrl, backend.profile).\n' +
    'Progress goes to stderr; exit 0 when the report is written, 1 when the server fails.',
  async run(args, context) {
    const { validateMain } = await import('./quick-validation.js');
    return validateMain(args, context);
  },
};
