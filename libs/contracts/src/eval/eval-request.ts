import { z } from 'zod';
import { CheckpointName } from '../events.js';
import { DaemonName } from '../daemons.js';
import { EvalRecord, GenerationParams } from './eval-record.js';

/** What a daemon asks the evaluator: this checkpoint, on this example set, with these params. */
export const EvaluationRequest = z.object({
  checkpoint: CheckpointName,
  /** The checkpoint folder on the evaluator's host. */
  path: z.string().min(1),
  /** Example set name: `validation` is `data/validation/`. */
  exampleSet: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/).default('validation'),
  params: GenerationParams.default({ maxTokens: 256, temperature: 0, stop: [] }),
  requestedBy: z.union([DaemonName, z.literal('cli'), z.literal('api'), z.literal('bench')]),
});
export type EvaluationRequest = z.input<typeof EvaluationRequest>;
export type EvaluationRequestParsed = z.output<typeof EvaluationRequest>;

/** Totals of one evaluation; figures a backend could not measure are null with the reason in `unsupported`. */
export const EvaluationSummary = z.object({
  examples: z.number().int().nonnegative(),
  correct: z.number().int().nonnegative(),
  accuracy: z.number().min(0).max(1).nullable(),
  /** Mean over examples of exp(mean answer-token logprob). */
  meanConfidence: z.number().min(0).max(1).nullable(),
  /** Token-weighted golden loss: Σ nll / Σ tokens (what a Trainer's eval_loss means). */
  goldenLoss: z.number().nonnegative().nullable(),
  goldenTokens: z.number().int().nonnegative(),
  /** Why a figure is null, by figure name. */
  unsupported: z.record(z.string(), z.string()),
  /** Lines of the example set that could not be read (reported in `problems`). */
  skippedLines: z.number().int().nonnegative(),
  /** Records taken from the cache rather than inferred in this run. */
  cachedRecords: z.number().int().nonnegative(),
});
export type EvaluationSummary = z.infer<typeof EvaluationSummary>;

/** The evaluator's answer: stored in the cache (Redis + `status/evals/`) and returned to the asker. */
export const EvaluationResult = z.object({
  checkpoint: CheckpointName,
  /** Content fingerprint of the checkpoint folder: a rewritten checkpoint gets a new one. */
  checkpointId: z.string(),
  exampleSet: z.string(),
  /** Fingerprint of the example set's valid examples. */
  exampleSetId: z.string(),
  params: GenerationParams,
  backend: z.string(),
  summary: EvaluationSummary,
  problems: z.array(z.object({ source: z.string(), where: z.string().optional(), message: z.string() })),
  records: z.array(EvalRecord),
  evaluatedAt: z.iso.datetime(),
});
export type EvaluationResult = z.infer<typeof EvaluationResult>;
