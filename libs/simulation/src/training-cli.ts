import { parseArgs } from 'node:util';
import path from 'node:path';
import { DEFAULT_LOSS_CURVE } from './loss-curve.js';
import type { TrainingRunOptions } from './training-run.js';

export interface TrainingCliOptions extends TrainingRunOptions {
  /** Seconds between two saved checkpoints. */
  everySeconds: number;
  statusDir: string;
}

const USAGE = `flywheel simulator (a stand-in for a real trainer; it trains nothing)
usage: simulator train --base-dir DIR [--save-steps 50] [--logging-steps 10] [--max-steps 1000]
                       [--every 5] [--regress-at-step N] [--regression-factor 1.3] [--decay-steps 400] [--weights-bytes 0]
Writes checkpoint-<step>/ folders (HF Trainer layout) into DIR/current_model every --every seconds,
takes one DIR/queue/normal/*.jsonl file per checkpoint as training data (moved to DIR/queue/processed/),
and keeps DIR/status/training_status.json current.`;

/** Parses the simulator's `train` command line; throws an Error whose message says what is wrong. */
export function parseTrainingCli(argv: string[], cwd = process.cwd()): TrainingCliOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'base-dir': { type: 'string' },
      'save-steps': { type: 'string', default: '50' },
      'logging-steps': { type: 'string', default: '10' },
      'max-steps': { type: 'string', default: '1000' },
      every: { type: 'string', default: '5' },
      'regress-at-step': { type: 'string' },
      'regression-factor': { type: 'string', default: '1.3' },
      'decay-steps': { type: 'string', default: String(DEFAULT_LOSS_CURVE.decaySteps) },
      'weights-bytes': { type: 'string', default: '0' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  if (positionals[0] !== 'train') throw new Error(`expected the command "train"\n${USAGE}`);
  if (!values['base-dir']) throw new Error(`--base-dir is required\n${USAGE}`);
  const number = (flag: keyof typeof values, min: number) => {
    const raw = values[flag] as string | undefined;
    const value = Number(raw);
    if (raw === undefined || !Number.isFinite(value) || value < min) {
      throw new Error(`--${flag}: expected a number ≥ ${min}, got ${JSON.stringify(raw)}`);
    }
    return value;
  };
  const baseDir = path.resolve(cwd, values['base-dir']);
  const regressAt = values['regress-at-step'] === undefined ? undefined : number('regress-at-step', 1);
  return {
    checkpointsDir: path.join(baseDir, 'current_model'),
    statusDir: path.join(baseDir, 'status'),
    queueDir: path.join(baseDir, 'queue'),
    weightsBytes: number('weights-bytes', 0),
    saveSteps: number('save-steps', 1),
    loggingSteps: number('logging-steps', 1),
    maxSteps: number('max-steps', 1),
    everySeconds: number('every', 0),
    curve: { ...DEFAULT_LOSS_CURVE, decaySteps: number('decay-steps', 1), regressAtStep: regressAt, regressionFactor: number('regression-factor', 0) },
  };
}

export const TRAINING_USAGE = USAGE;
