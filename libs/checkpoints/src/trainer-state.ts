import { formatIssuePath, jsonErrorLocation, parsePythonJson, type NonFiniteValue, type StatusIssue } from '@flywheel/contracts';
import { z } from 'zod';

/**
 * A float as Python's json writes it: NaN and ±Infinity included (zod's number refuses them).
 * An fp16 run logs `grad_norm: inf` when it overflows, and a diverged one `loss: NaN`.
 */
const PythonFloat = z.custom<number>((value) => typeof value === 'number', { message: 'expected number' });

/** One `log_history` entry. Trainer logs training steps, evals and an end-of-run summary here. */
export const LogEntry = z.looseObject({
  step: z.number().int().nonnegative().optional(),
  epoch: PythonFloat.optional(),
  loss: PythonFloat.optional(),
  learning_rate: PythonFloat.optional(),
  grad_norm: PythonFloat.nullable().optional(),
  eval_loss: PythonFloat.optional(),
  train_loss: PythonFloat.optional(),
});
export type LogEntry = z.infer<typeof LogEntry>;

/** Hugging Face Trainer's `trainer_state.json`, as far as flywheel reads it; other keys pass through. */
export const TrainerState = z.looseObject({
  global_step: z.number().int().nonnegative(),
  epoch: z.number().nullable().optional(),
  max_steps: z.number().int().nullable().optional(),
  best_model_checkpoint: z.string().nullable().optional(),
  best_metric: PythonFloat.nullable().optional(),
  log_history: z.array(LogEntry).default([]),
});
export type TrainerState = z.infer<typeof TrainerState>;

export type TrainerStateParse =
  | { ok: true; state: TrainerState; /** NaN/±Infinity in the file, kept as such in `state`. */ nonFinite: NonFiniteValue[] }
  | { ok: false; problem: StatusIssue };

/**
 * Parses a trainer_state.json without throwing, as Python's json reads it (NaN, Infinity and a
 * byte-order mark are valid; the non-finite values are listed): a syntax error names the line
 * and column, a wrong value names its field path (`log_history[3].eval_loss`).
 */
export function parseTrainerState(text: string, file: string): TrainerStateParse {
  let json: unknown;
  let nonFinite: NonFiniteValue[];
  try {
    ({ value: json, nonFinite } = parsePythonJson(text));
  } catch (error) {
    const message = (error as Error).message;
    return { ok: false, problem: { source: file, where: jsonErrorLocation(text, message), message: `not valid JSON: ${message}` } };
  }
  const result = TrainerState.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    return { ok: false, problem: { source: file, where: formatIssuePath(issue.path), message: issue.message } };
  }
  return { ok: true, state: result.data, nonFinite };
}

/** The checkpoint folder name of `best_model_checkpoint` (often an absolute path from the training host). */
export function bestCheckpointName(state: TrainerState): string | null {
  const best = state.best_model_checkpoint;
  if (!best) return null;
  return best.split(/[\\/]/).filter(Boolean).at(-1) ?? null;
}
