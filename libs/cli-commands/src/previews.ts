import type { Difficulty, Example } from '@flywheel/contracts';
import { loadExampleSet, splitThink } from '@flywheel/evaluation';
import path from 'node:path';
import { ApiError, defaultApiUrl, getApiJson } from './api-client.js';
import { CommandError, UsageError } from './cli-errors.js';
import { integerFlag, stringFlag, type CommandArgs } from './command-args.js';
import { configFor, type CliContext } from './command-spec.js';
import { checkpointEvaluation, evaluatedCheckpoints, stepOf } from './eval-records.js';

/** One preview, in the keys of `GET /api/previews`. */
export interface Preview {
  id: string;
  prompt: string;
  golden: string;
  output: string;
  correct: boolean;
  difficulty: Difficulty;
  skill: string;
  think: { present: boolean; closed: boolean; length: number };
}

/** The body of `GET /api/previews`. */
export interface Previews {
  checkpoint: string;
  step: number;
  previews: Preview[];
}

export interface PreviewQuery {
  /** Unset: the newest evaluated checkpoint. */
  checkpoint?: string;
  count: number;
  difficulty?: Difficulty;
}

/** A prompt as one string: the plain prompt, or each ChatML message as `role: content`. */
export function promptText(example: Example): string {
  return example.prompt ?? example.messages!.map((m) => `${m.role}: ${m.content}`).join('\n');
}

/**
 * Previews from the evaluator's cached records (`<statusDir>/evals/`), the prompts and goldens
 * from the example set: the first `count` evaluated examples (of `difficulty`, when given), in
 * the set's order. A CommandError names the checkpoint when it has no records.
 */
export async function previewsFromRecords(evalsDir: string, dataDir: string, query: PreviewQuery): Promise<Previews> {
  const checkpoint = query.checkpoint ?? (await evaluatedCheckpoints(evalsDir)).at(-1);
  if (!checkpoint) throw new CommandError(`no evaluation records in ${evalsDir}: no checkpoint has been evaluated yet (is the evaluator running?)`);
  const { result } = await checkpointEvaluation(evalsDir, checkpoint, 'validation');
  const set = await loadExampleSet(path.join(dataDir, result.exampleSet), result.exampleSet);
  const byId = new Map(set.examples.map((e) => [e.id, e]));
  const previews: Preview[] = [];
  for (const record of result.records) {
    if (previews.length >= query.count) break;
    if (query.difficulty && record.difficulty !== query.difficulty) continue;
    const example = byId.get(record.exampleId);
    if (!example) continue; // The set changed since: an example without its prompt cannot be previewed.
    previews.push({
      id: record.exampleId,
      prompt: promptText(example),
      golden: example.golden,
      output: record.prediction,
      correct: record.correct,
      difficulty: record.difficulty,
      skill: record.skill,
      think: record.think,
    });
  }
  return { checkpoint, step: stepOf(checkpoint), previews };
}

/** The API's previews, or an ApiError (unreachable, the route not there yet, no records on its host). */
export async function previewsFromApi(apiUrl: string, query: PreviewQuery): Promise<Previews> {
  const params = new URLSearchParams({ count: String(query.count) });
  if (query.checkpoint) params.set('checkpoint', query.checkpoint);
  if (query.difficulty) params.set('difficulty', query.difficulty);
  const body = await getApiJson(apiUrl, `/api/previews?${params}`);
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
      `prompt:   ${indent(p.prompt)}`,
      `golden:   ${indent(p.golden)}`,
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
    previews = await previewsFromApi(apiUrl, query);
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
