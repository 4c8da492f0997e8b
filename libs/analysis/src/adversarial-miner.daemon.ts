import type { DaemonJob, Example, StatusBody } from '@flywheel/contracts';
import type { DaemonContext, DaemonSpec } from '@flywheel/daemon-runtime';
import { loadExampleSet } from '@flywheel/evaluation';
import { createModelBackend, createServingStrategy } from '@flywheel/model-backend';
import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  llmGeneratorPrompt,
  patternOf,
  promptKey,
  promptTextOf,
  templateVariant,
  verifiedGenerated,
  type HardExample,
  type NoVariantReason,
  type VariantOutcome,
} from './hard-examples.js';
import { recentEvaluations } from './recent-evaluations.js';

export type Generate = (example: Example, variant: number) => Promise<VariantOutcome>;

export interface MiningResult {
  status: StatusBody<'adversarial'>;
  lines: HardExample[];
}

/**
 * From the newest checkpoint's failures: failure patterns (skill/difficulty), and up to
 * `perFailure` new examples per failure, none repeating a prompt already known (validation
 * set, earlier hard examples, or one made in this run).
 */
export async function mineHardExamples(input: {
  checkpoint: string;
  failures: readonly Example[];
  tested: number;
  known: Set<string>;
  perFailure: number;
  generator: 'template' | 'llm';
  generate: Generate;
  outputFile: string;
}): Promise<MiningResult> {
  const patterns: Record<string, number> = {};
  const lines: HardExample[] = [];
  let notGenerated = 0;
  const reasons: Partial<Record<NoVariantReason, number>> = {};
  for (const failure of input.failures) {
    const pattern = patternOf(failure);
    patterns[pattern] = (patterns[pattern] ?? 0) + 1;
    let made = 0;
    let why: NoVariantReason = 'only_known_prompts';
    // A few more attempts than wanted: some variants repeat a known prompt or have no exact answer.
    for (let variant = 0; made < input.perFailure && variant < input.perFailure * 3; variant++) {
      const generated = await input.generate(failure, variant);
      if ('reason' in generated) {
        why = generated.reason;
        // Nothing about the question changes between variants: a question no checker answers stays one.
        if (why === 'multiple_choice' || why === 'not_a_calculation' || (why === 'golden_disagrees' && variant === 0)) break;
        continue;
      }
      const key = promptKey(generated.prompt);
      if (input.known.has(key)) continue;
      input.known.add(key);
      lines.push({
        ...generated, model_failed: input.checkpoint, pattern, source_id: failure.id,
        difficulty: failure.difficulty, skill: failure.skill, generator: input.generator,
      });
      made++;
    }
    if (made === 0) {
      notGenerated++;
      reasons[why] = (reasons[why] ?? 0) + 1;
    }
  }
  return {
    lines,
    status: {
      checkpoint: input.checkpoint,
      examples_tested: input.tested,
      failures_found: input.failures.length,
      hard_examples_written: lines.length,
      patterns,
      output_file: lines.length ? input.outputFile : null,
      failures_without_new_examples: notGenerated,
      failures_without_new_examples_by_reason: reasons,
      generator: input.generator,
    },
  };
}

/** Every prompt already in the mined split or in earlier hard-example files. */
async function knownPrompts(examples: readonly Example[], dir: string): Promise<Set<string>> {
  const known = new Set(examples.map((e) => promptKey(promptTextOf(e))));
  const files = await readdir(dir).catch(() => [] as string[]);
  for (const file of files.filter((f) => f.endsWith('.jsonl'))) {
    for (const line of (await readFile(path.join(dir, file), 'utf8')).split('\n')) {
      try {
        const prompt = (JSON.parse(line) as { prompt?: unknown }).prompt;
        if (typeof prompt === 'string') known.add(promptKey(prompt));
      } catch {
        // A broken line knows no prompt; self-correction reports such lines.
      }
    }
  }
  return known;
}

/** adversarial-miner (seed 004 §2). */
export async function adversarialMinerProcessor(job: DaemonJob, context: DaemonContext): Promise<void> {
  const { config, logger } = context;
  // The validation set gates promotion and regression: it is held out and never mined.
  const splitName = config.adversarial.exampleSet;
  const set = await loadExampleSet(path.join(config.paths.dataDir, splitName), splitName).catch(() => null);
  if (!set || set.examples.length === 0) {
    logger.warn({ split: splitName }, 'no training-side split to mine: the validation set is held out');
    await context.statusStore.write('adversarial', {
      checkpoint: null, examples_tested: 0, failures_found: 0, hard_examples_written: 0, patterns: {}, output_file: null,
      split: splitName,
      errors: [{ source: path.join(config.paths.dataDir, splitName), message: `no examples in data/${splitName}/: nothing is mined (the validation set is held out and never mined)` }],
    });
    return;
  }
  const { evaluated, problems } = await recentEvaluations(context, 1, 'adversarial-miner', { exampleSet: splitName });
  const newest = evaluated.at(-1);
  if (!newest) {
    for (const p of problems) logger.warn({ problem: p }, 'nothing to mine');
    return;
  }
  const byId = new Map(set.examples.map((e) => [e.id, e]));
  const failures = newest.result.records.filter((r) => !r.correct).map((r) => byId.get(r.exampleId)).filter((e): e is Example => e !== undefined);
  const dir = path.join(config.paths.dataDir, 'adversarial_examples');
  const day = context.now().toISOString().slice(0, 10).replace(/-/g, '');
  const outputFile = path.join(dir, `hard_examples_${day}.jsonl`);
  const generator = config.adversarial.generator;
  let generate: Generate = async (example, variant) => templateVariant(example, variant);
  let release = async () => undefined as void;
  if (generator === 'llm') {
    const served = await createServingStrategy({ ...config.backend, strategy: 'fixed' }, logger).serve({ name: newest.checkpoint, path: '' });
    release = served.release;
    const backend = createModelBackend(served.endpoint, { concurrency: 1, timeoutMs: config.backend.timeoutSeconds * 1000, retries: config.backend.retries });
    generate = async (example) => {
      const answer = await backend.generate({ prompt: llmGeneratorPrompt(example) }, { maxTokens: 200, temperature: 0.8, stop: [] });
      return verifiedGenerated(answer.text);
    };
  }
  try {
    const { status, lines } = await mineHardExamples({
      checkpoint: newest.checkpoint, failures, tested: newest.result.records.length,
      known: await knownPrompts(set.examples, dir), perFailure: config.adversarial.perFailure, generator, generate, outputFile,
    });
    if (lines.length) {
      await mkdir(dir, { recursive: true });
      await appendFile(outputFile, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    }
    // output_file relative to the base folder, as the seed names it (data/adversarial_examples/…):
    // the status is served by the API, which never says where the training tree lives.
    const outputFileShown = status.output_file === null ? null : path.relative(path.resolve(config.baseDir), status.output_file);
    await context.statusStore.write('adversarial', { ...status, output_file: outputFileShown, split: splitName, errors: problems });
    logger.info({ trigger: job.kind, checkpoint: newest.checkpoint, failures: failures.length, written: lines.length }, 'hard examples mined');
  } finally {
    await release();
  }
}

export const adversarialMiner: DaemonSpec = {
  name: 'adversarial-miner',
  processor: adversarialMinerProcessor,
  subscribe: ['checkpoint.ready'],
  readsNewestState: true,
};
