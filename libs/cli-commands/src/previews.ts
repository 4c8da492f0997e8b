import { examplesById, listEvaluatedCheckpoints, newestResult, previewsOf, type Preview } from '@flywheel/api-server';
import type { Difficulty, EvaluationResult } from '@flywheel/contracts';
import { splitThink } from '@flywheel/evaluation';
import path from 'node:path';
import { ApiError, apiReadTokenOf, defaultApiUrl, getApiJson } from './api-client.js';
import { CommandError, UsageError } from './cli-errors.js';
import { integerFlag, stringFlag, type CommandArgs } from './command-args.js';
import { configFor, type CliContext } from './command-spec.js';
import { checkpointEvaluation, stepOf } from './eval-records.js';

/** The evaluator's own set, the one every checkpoint is scored on. */
const EXAMPLE_SET = 'validation';

/** The body of `GET /api/previews` (the API's own `Preview` items). */
export interface Previews {
  checkpoint: string;
  step: number;
  previews: Preview[];
}

export interface PreviewQuery {
  /** Unset: the newest checkpoint with a validation evaluation. */
  checkpoint?: string;
  count: number;
  difficulty?: Difficulty;
}

/**
 * Previews from the evaluator's cached records (`<statusDir>/evals/`), with the API's own
 * functions (the same records, picked the same way), for when the API cannot answer.
 * A CommandError names the checkpoint when it has no records.
 */
export async function previewsFromRecords(evalsDir: string, dataDir: string, query: PreviewQuery): Promise<Previews> {
  let result: EvaluationResult | null = null;
  if (query.checkpoint) {
    result = await checkpointEvaluation(evalsDir, query.checkpoint, EXAMPLE_SET);
  } else {
    for (const checkpoint of (await listEvaluatedCheckpoints(evalsDir)).reverse()) {
      result = await newestResult(checkpoint, EXAMPLE_SET);
      if (result) break;
    }
    if (!result) throw new CommandError(`no checkpoint has evaluation records on the ${EXAMPLE_SET} set in ${evalsDir} yet (is the evaluator running?)`);
  }
  const examples = await examplesById(dataDir, EXAMPLE_SET);
  return { checkpoint: result.checkpoint, step: stepOf(result.checkpoint), previews: previewsOf(result.records, examples, query.count, query.difficulty) };
}

/** The API's previews, or an ApiError (unreachable, the route not there yet, no records on its host). */
export async function previewsFromApi(apiUrl: string, query: PreviewQuery, token?: string): Promise<Previews> {
  const params = new URLSearchParams({ count: String(query.count) });
  if (query.checkpoint) params.set('checkpoint', query.checkpoint);
  if (query.difficulty) params.set('difficulty', query.difficulty);
  const body = await getApiJson(apiUrl, `/api/previews?${params}`, undefined, token);
  if (typeof body !== 'object' || body === null || !Array.isArray((body as Previews).previews)) {
    throw new ApiError(`API ${apiUrl}/api/previews answered something that is not previews`, 200, body);
  }
  return body as Previews;
}

/**
 * Output with its reasoning marked: `[think] … [/think]` around a closed block, and an
 * unclosed one flagged (the model ran out of tokens while thinking, so there is no answer).
 */
export function markThink(output: string): string {
  const split = splitThink(output);
  if (!split.think.present) return output;
  if (!split.think.closed) {
    return `[think, never closed] ${output.slice(output.indexOf('<think>') + '<think>'.length).trim()}\n(no answer: it ran out of tokens while thinking)`;
  }
  const reasoning = output.slice(0, split.answerStart - '</think>'.length);
  const inner = reasoning.includes('<think>') ? reasoning.slice(reasoning.indexOf('<think>') + '<think>'.length) : reasoning;
  return `[think] ${inner.trim()} [/think] ${split.answer.trim()}`;
}

const indent = (text: string) => text.split('\n').join('\n          ');

export function formatPreviews(previews: Previews, source: string): string {
  const lines = [`${previews.checkpoint} (step ${previews.step}): ${previews.previews.length} preview(s), ${source}`];
  for (const p of previews.previews) {
    const think = p.think.present ? `${p.think.closed ? 'closed' : 'NOT closed'}, ${p.think.length} chars` : 'none';
    lines.push(
      '',
      `── ${p.id} [${p.difficulty}, ${p.skill}] ${p.correct ? 'right' : 'wrong'}`,
      `prompt:   ${p.prompt === null ? '(no longer in the example set)' : indent(p.prompt.trimEnd())}`,
      `golden:   ${p.golden === null ? '-' : indent(p.golden.trimEnd())}`,
      `output:   ${indent(markThink(p.output))}`,
      `think:    ${think}`,
    );
  }
  return lines.join('\n') + '\n';
}

const DIFFICULTY_VALUES = ['easy', 'medium', 'hard'];

/** `flywheel preview` once its arguments are parsed (see preview-command.ts). */
export async function previewMain(args: CommandArgs, { io }: CliContext): Promise<number> {
  const config = configFor('preview', args, io);
  const step = integerFlag('preview', args, 'step', { min: 0 });
  const count = integerFlag('preview', args, 'count', { min: 1, max: 50 }) ?? 5;
  const difficulty = stringFlag('preview', args, 'difficulty');
  if (difficulty !== undefined && !DIFFICULTY_VALUES.includes(difficulty)) {
    throw new UsageError(`flywheel preview: --difficulty must be easy, medium or hard, got "${difficulty}"`);
  }
  const query: PreviewQuery = { checkpoint: step === undefined ? undefined : `checkpoint-${step}`, count, difficulty: difficulty as Difficulty | undefined };
  const apiUrl = stringFlag('preview', args, 'api') ?? defaultApiUrl(config);
  let previews: Previews;
  let source: string;
  try {
    previews = await previewsFromApi(apiUrl, query, apiReadTokenOf(config));
    source = `from the API at ${apiUrl}`;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 400) throw new CommandError(error.message);
    io.stderr(`flywheel preview: ${error.message}; reading the evaluator's records directly\n`);
    previews = await previewsFromRecords(path.join(config.paths.statusDir, 'evals'), config.paths.dataDir, query);
    source = `from ${path.join(config.paths.statusDir, 'evals', previews.checkpoint)}`;
  }
  io.stdout(args.values['json'] ? JSON.stringify(previews, null, 2) + '\n' : formatPreviews(previews, source));
  return 0;
}
