import { Example } from '@flywheel/contracts';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { SimulatorServerOptions } from './simulator-server.js';

const USAGE = `flywheel simulator serve (a simulated model server; there is no model behind it)
usage: simulator serve --examples DIR [--port 8000] [--host 127.0.0.1] [--model-name simulated-base]
                       [--seed flywheel] [--calibration calibrated|overconfident] [--think]
                       [--regress-at-step N] [--regression-factor 0.6] [--decay-steps 400]
                       [--max-concurrency 64] [--base-ms 0] [--prompt-token-ms 0] [--token-ms 0]
                       [--judge-model NAME]
Speaks vLLM's OpenAI-compatible API. Answers the examples in DIR/*.jsonl (the validation set)
correctly with a probability set by the served checkpoint's step (model or LoRA name "checkpoint-<step>"),
rising towards its ceiling with the gap shrinking by e every --decay-steps steps.
--judge-model NAME: chat requests for NAME get a simulated judge's verdict (the production monitor's
judge JSON, graded against the examples' goldens; its reasons start with "[simulator]").`;

export const SERVE_USAGE = USAGE;

export interface ServeCliOptions extends SimulatorServerOptions {
  examplesDir: string;
  /** Lines of the example files that could not be read, as "file:line: reason". */
  skipped: string[];
}

/** Parses `simulator serve`; throws an Error whose message says what is wrong. */
export function parseServeCli(argv: string[], cwd = process.cwd()): ServeCliOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '8000' },
      host: { type: 'string', default: '127.0.0.1' },
      examples: { type: 'string' },
      'model-name': { type: 'string', default: 'simulated-base' },
      seed: { type: 'string', default: 'flywheel' },
      calibration: { type: 'string', default: 'calibrated' },
      think: { type: 'boolean', default: false },
      'regress-at-step': { type: 'string' },
      'regression-factor': { type: 'string', default: '0.6' },
      'decay-steps': { type: 'string' },
      'max-concurrency': { type: 'string', default: '64' },
      'base-ms': { type: 'string', default: '0' },
      'prompt-token-ms': { type: 'string', default: '0' },
      'token-ms': { type: 'string', default: '0' },
      'judge-model': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const number = (flag: keyof typeof values, min: number, max = Infinity) => {
    const raw = values[flag] as string | undefined;
    const value = Number(raw);
    if (raw === undefined || !Number.isFinite(value) || value < min || value > max) {
      throw new Error(`--${flag}: expected a number from ${min}${max === Infinity ? '' : ` to ${max}`}, got ${JSON.stringify(raw)}`);
    }
    return value;
  };
  if (!values.examples) throw new Error(`--examples is required (the folder of the validation set's *.jsonl files)\n${USAGE}`);
  if (values.calibration !== 'calibrated' && values.calibration !== 'overconfident') {
    throw new Error(`--calibration: expected "calibrated" or "overconfident", got ${JSON.stringify(values.calibration)}`);
  }
  const examplesDir = path.resolve(cwd, values.examples);
  const { examples, skipped } = readExamples(examplesDir);
  return {
    examplesDir,
    examples,
    skipped,
    port: number('port', 0, 65_535),
    host: values.host,
    baseModel: values['model-name'],
    seed: values.seed,
    calibration: values.calibration,
    thinkTags: values.think,
    ...(values['judge-model'] ? { judgeModel: values['judge-model'] } : {}),
    curve: {
      regressAtStep: values['regress-at-step'] === undefined ? undefined : number('regress-at-step', 1),
      regressionFactor: number('regression-factor', 0, 1),
      ...(values['decay-steps'] === undefined ? {} : { decaySteps: number('decay-steps', 1) }),
    },
    serviceTime: {
      maxConcurrency: number('max-concurrency', 1),
      baseMs: number('base-ms', 0),
      promptTokenMs: number('prompt-token-ms', 0),
      tokenMs: number('token-ms', 0),
    },
  };
}

/** The examples of every *.jsonl file in `dir`; lines that do not parse are listed, not fatal. */
function readExamples(dir: string): { examples: Example[]; skipped: string[] } {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  } catch (error) {
    throw new Error(`--examples: cannot read ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const examples: Example[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    const full = path.join(dir, file);
    readFileSync(full, 'utf8').split('\n').forEach((line, index) => {
      if (!line.trim()) return;
      try {
        const parsed = Example.safeParse(JSON.parse(line));
        if (parsed.success) examples.push(parsed.data);
        else skipped.push(`${full}:${index + 1}: ${parsed.error.issues[0]?.message ?? 'invalid example'}`);
      } catch (error) {
        skipped.push(`${full}:${index + 1}: not JSON (${(error as Error).message})`);
      }
    });
  }
  return { examples, skipped };
}
