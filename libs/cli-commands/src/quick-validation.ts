import type { FlywheelConfig } from '@flywheel/config';
import type { Difficulty, EvalRecord, Example, GenerationParams } from '@flywheel/contracts';
import { evaluateExample, loadExampleSet, recordCacheKey, summarizeRecords, type ExampleSet } from '@flywheel/evaluation';
import { backendProfile, createModelBackend, type BackendProfileName, type ModelBackend } from '@flywheel/model-backend';
import { writeFileAtomic } from '@flywheel/status-store';
import path from 'node:path';
import { CommandError } from './cli-errors.js';
import { stringFlag, type CommandArgs } from './command-args.js';
import { configFor, type CliContext } from './command-spec.js';
import { formatPercent } from './format.js';
import { progressReporter, type Progress } from './progress.js';

const DIFFICULTIES: readonly Difficulty[] = ['easy', 'medium', 'hard'];

/** The report `flywheel validate` writes (the seed's quick_validation.py output, with more in it). */
export interface ValidationReport {
  model: string;
  backend_url: string;
  backend_profile: string;
  example_set: string;
  example_set_dir: string;
  /** Valid examples in the set; the first `samples` of them (in file order) were asked. */
  examples_available: number;
  samples: number;
  correct: number;
  accuracy: number | null;
  /** Accuracy per difficulty; null where no example of it was asked. */
  by_difficulty: Record<Difficulty, number | null>;
  examples_by_difficulty: Record<Difficulty, number>;
  mean_confidence: number | null;
  /** Token-weighted golden loss (Σ nll / Σ tokens), as a Trainer's eval_loss. */
  golden_loss: number | null;
  /** Why a figure is null, by figure (the backend could not measure it). */
  unsupported: Record<string, string>;
  /** Lines of the set that could not be read, with file, line and reason. */
  skipped_lines: { file: string; line: number; reason: string }[];
  params: GenerationParams;
  started_at: string;
  finished_at: string;
  results: {
    id: string;
    difficulty: Difficulty;
    skill: string;
    correct: boolean;
    golden: string;
    prediction: string;
    think: EvalRecord['think'];
    confidence: number | null;
    golden_loss: number | null;
    output_tokens: number;
    latency_ms: number;
  }[];
}

export interface QuickValidationInput {
  backend: ModelBackend;
  exampleSet: ExampleSet;
  samples: number;
  params: GenerationParams;
  progress?: Progress;
  now?: () => Date;
}

/**
 * The seed's quick validation: the first `samples` examples of the set on the model the
 * backend serves, each through the evaluation engine's `evaluateExample` (greedy answer and its
 * grade, confidence, golden loss), all at once with the backend bounding the requests in flight.
 * Nothing is cached: this is a look at a model, not an evaluation of a checkpoint.
 */
export async function quickValidation(input: QuickValidationInput): Promise<ValidationReport> {
  const now = input.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const chosen: Example[] = input.exampleSet.examples.slice(0, input.samples);
  const identity = `quick-validation:${input.backend.endpoint.baseUrl}:${input.backend.endpoint.model}`;
  const records = await Promise.all(
    chosen.map(async (example) => {
      const record = await evaluateExample(input.backend, example, input.params, recordCacheKey(identity, example, input.params));
      input.progress?.tick(`${record.exampleId} ${record.correct ? 'right' : 'wrong'}`);
      return record;
    }),
  );
  const summary = summarizeRecords(records, input.exampleSet.rejected.length, 0);
  const ofDifficulty = (d: Difficulty) => records.filter((r) => r.difficulty === d);
  return {
    model: input.backend.endpoint.model,
    backend_url: input.backend.endpoint.baseUrl,
    backend_profile: input.backend.endpoint.profile.name,
    example_set: input.exampleSet.name,
    example_set_dir: input.exampleSet.dir,
    examples_available: input.exampleSet.examples.length,
    samples: records.length,
    correct: summary.correct,
    accuracy: summary.accuracy,
    by_difficulty: Object.fromEntries(
      DIFFICULTIES.map((d) => {
        const of = ofDifficulty(d);
        return [d, of.length ? of.filter((r) => r.correct).length / of.length : null];
      }),
    ) as Record<Difficulty, number | null>,
    examples_by_difficulty: Object.fromEntries(DIFFICULTIES.map((d) => [d, ofDifficulty(d).length])) as Record<Difficulty, number>,
    mean_confidence: summary.meanConfidence,
    golden_loss: summary.goldenLoss,
    unsupported: summary.unsupported,
    skipped_lines: input.exampleSet.rejected.map((r) => ({ file: r.file, line: r.line, reason: r.reason })),
    params: input.params,
    started_at: startedAt,
    finished_at: now().toISOString(),
    results: records.map((r, i) => ({
      id: r.exampleId,
      difficulty: r.difficulty,
      skill: r.skill,
      correct: r.correct,
      golden: chosen[i]!.golden,
      prediction: r.prediction,
      think: r.think,
      confidence: typeof r.confidence === 'number' ? r.confidence : null,
      golden_loss: 'meanNll' in r.golden ? r.golden.meanNll : null,
      output_tokens: r.outputTokens,
      latency_ms: r.latencyMs,
    })),
  };
}

/** The backend client for `--model-path` at the configured server (profile, key, limits from the config). */
export function validationBackend(config: FlywheelConfig, model: string, baseUrl = config.backend.baseUrl): ModelBackend {
  return createModelBackend(
    { baseUrl, model, profile: backendProfile(config.backend.profile as BackendProfileName), apiKey: config.backend.apiKey },
    { concurrency: config.backend.concurrency, timeoutMs: config.backend.timeoutSeconds * 1000, retries: config.backend.retries },
  );
}

/** `flywheel validate` once its arguments are parsed (see validate-command.ts). */
export async function validateMain(args: CommandArgs, { io }: CliContext): Promise<number> {
  const config = configFor('validate', args, io);
  const model = stringFlag('validate', args, 'model-path', true);
  const output = path.resolve(io.cwd, stringFlag('validate', args, 'output', true));
  const exampleSet = await loadExampleSet(path.join(config.paths.dataDir, 'validation'), 'validation').catch((error: Error) => {
    throw new CommandError(error.message);
  });
  for (const r of exampleSet.rejected) io.stderr(`flywheel validate: skipped ${r.file}:${r.line}: ${r.reason}\n`);
  const samples = Math.min(config.samples, exampleSet.examples.length);
  if (samples < config.samples) io.stderr(`flywheel validate: the set has ${exampleSet.examples.length} examples; asking all of them\n`);
  io.stderr(`flywheel validate: ${samples} examples on "${model}" at ${config.backend.baseUrl} (${config.backend.profile})\n`);
  const progress = progressReporter(io, 'validated', samples);
  let report: ValidationReport;
  try {
    report = await quickValidation({
      backend: validationBackend(config, model),
      exampleSet,
      samples,
      params: { maxTokens: config.evaluation.maxTokens, temperature: 0, stop: [] },
      progress,
      now: io.now,
    });
  } catch (error) {
    progress.done('validation failed');
    throw new CommandError(`validation of "${model}" failed: ${(error as Error).message}`);
  }
  await writeFileAtomic(output, JSON.stringify(report, null, 2) + '\n');
  const parts = DIFFICULTIES.map((d) => `${d} ${formatPercent(report.by_difficulty[d])}`).join(', ');
  progress.done(`accuracy ${formatPercent(report.accuracy)} (${report.correct}/${report.samples}; ${parts}); report: ${output}`);
  return 0;
}
