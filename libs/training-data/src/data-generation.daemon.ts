import type { DaemonJob, Difficulty, FineTuneBrief, TrainingLine } from '@flywheel/contracts';
import type { DaemonContext, DaemonSpec } from '@flywheel/daemon-runtime';
import { mkdir, readFile } from 'node:fs/promises';
import { jsonlFiles, lastLines, parsedLines } from './recent-lines.js';
import path from 'node:path';
import { strategyMix, type Strategy } from './curriculum-strategies.js';
import { strategyInForceFrom } from './strategy-in-force.js';
import { planFocus, type FocusPlan } from './focus-sources.js';
import { generateBatch, promptKey, type PoolItem } from './generate-batch.js';
import { llmTasks } from './llm-generator.js';
import { readSkillFocus } from './read-skill-focus.js';
import { writeBatch } from './write-batch.js';
import { admitLines, emptyCounts, keepRefused, loadHeldOutIndex, type AdmissionGuard, type Refused } from './admission/index.js';

/** Generation rounds per batch: the first, and top-ups that replace refused lines. */
export const MAX_GENERATION_ROUNDS = 4;
import { createModelBackend, createServingStrategy } from '@flywheel/model-backend';

const jsonl = jsonlFiles;

/** Every JSON line of every `*.jsonl` in `dir`; lines that do not parse are skipped (self-correction reports them). */
async function readLines(dir: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const file of await jsonl(dir)) out.push(...(await parsedLines(path.join(dir, file))));
  return out;
}

/** A pool item from a line in any of the shapes flywheel writes (prompt/golden, or ChatML messages). */
function asPoolItem(line: Record<string, unknown>, source: string): PoolItem | null {
  const messages = line['messages'] as { role: string; content: string }[] | undefined;
  const prompt = typeof line['prompt'] === 'string' ? line['prompt'] : messages?.find((m) => m.role === 'user')?.content;
  const golden = typeof line['golden'] === 'string' ? line['golden'] : messages?.filter((m) => m.role === 'assistant').at(-1)?.content;
  const difficulty = (['easy', 'medium', 'hard'] as Difficulty[]).includes(line['difficulty'] as Difficulty) ? (line['difficulty'] as Difficulty) : 'medium';
  if (!prompt || !golden) return null;
  return { prompt, golden, difficulty, skill: typeof line['skill'] === 'string' ? line['skill'] : 'general', source };
}

/** The strategy in force and the loss trend, from curriculum-optimizer's status (`strategyInForceFrom`). */
async function strategyInForce(statusDir: string): Promise<{ strategy: Strategy; lossTrend: number | null }> {
  return strategyInForceFrom(JSON.parse(await readFile(path.join(statusDir, 'curriculum_optimization.json'), 'utf8').catch(() => 'null')) as Record<string, unknown> | null);
}

/**
 * production-monitor's skill focus as this pass uses it: planned when in force (weak skills
 * nothing can produce are warned about), otherwise none, with the reason logged; a broken
 * file is a warning, never a failed pass.
 */
async function focusInForce(context: DaemonContext, pools: readonly PoolItem[]): Promise<{ plan: FocusPlan | undefined; brief: FineTuneBrief | undefined }> {
  const { config, logger } = context;
  const reading = await readSkillFocus(config.paths.statusDir, context.now(), config.generation.focusMaxAgeHours);
  if (reading.state === 'malformed') logger.warn({ file: reading.file, reason: reading.reason }, 'skill focus ignored: malformed');
  else if (reading.state === 'stale' || reading.state === 'empty') logger.info({ file: reading.file, reason: reading.reason }, 'skill focus ignored');
  if (reading.state !== 'in_force') return { plan: undefined, brief: undefined };
  // The brief steers the model generator (llmShare) even where no pool or procedural generator has the skill.
  const brief = reading.focus.brief;
  if (config.generation.focusShare === 0) return { plan: undefined, brief };
  const plan = planFocus(reading.focus, config.generation.focusShare, pools);
  if (plan.unsourced.length > 0) {
    logger.warn({ skills: plan.unsourced }, 'weak skills with no pool items and no procedural generator: no focus lines for them');
  }
  return { plan: plan.skills.length > 0 ? plan : undefined, brief };
}

/** How many lines of a batch were drawn for each weak skill. */
function focusCounts(lines: readonly Record<string, unknown>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of lines) if (typeof line['focus'] === 'string') counts[line['focus']] = (counts[line['focus']] ?? 0) + 1;
  return counts;
}

/** Questions written by a model for `llmShare` of the batches (none when the share is 0). */
async function llmItems(config: DaemonContext['config'], batches: number, strategy: Strategy, logger: DaemonContext['logger'], brief?: FineTuneBrief): Promise<PoolItem[]> {
  const count = Math.ceil(config.generation.llmShare * config.generation.batchSize * batches);
  if (count === 0) return [];
  try {
    const served = await createServingStrategy({ ...config.backend, strategy: 'fixed' }, logger).serve({ name: 'generator', path: '' });
    const backend = createModelBackend(served.endpoint, { concurrency: 4, timeoutMs: config.backend.timeoutSeconds * 1000, retries: config.backend.retries });
    const mix = strategyMix(strategy, { batchIndex: 0 });
    const level = (i: number) => (((i * 0.618) % 1) < mix.easy ? 'easy' : ((i * 0.618) % 1) < mix.easy + mix.medium ? 'medium' : 'hard') as Difficulty;
    const skills = brief && brief.weak_skills.length > 0 ? brief.weak_skills : ['arithmetic', 'word_problem', 'logic', 'general'];
    return await llmTasks(backend, count, level, skills, brief?.generator_prompt);
  } catch (error) {
    logger.warn({ err: error }, 'LLM generator unavailable: procedural tasks fill its share');
    return [];
  }
}

/**
 * data-generation (seed 004 §9): when fewer than `--min-files` files wait in `queue/normal/`,
 * write batches until there are enough, in the strategy's difficulty mix, never repeating a
 * validation prompt or a prompt of a recent batch.
 */
export async function dataGenerationProcessor(job: DaemonJob, context: DaemonContext): Promise<void> {
  const { config, logger } = context;
  const queue = config.paths.queueDir;
  const normal = path.join(queue, 'normal');
  await mkdir(normal, { recursive: true });
  const waiting = (await jsonl(normal)).length;
  if (waiting >= config.minFiles) {
    logger.debug({ waiting, minFiles: config.minFiles }, 'queue stocked');
    return;
  }
  const { strategy, lossTrend } = await strategyInForce(config.paths.statusDir);
  const processed = await jsonl(path.join(queue, 'processed'));
  const validation = (await readLines(path.join(config.paths.dataDir, 'validation'))).map((l) => asPoolItem(l, 'validation')).filter((x): x is PoolItem => !!x);
  const recent = [...(await readLines(normal)), ...(await lastLines(path.join(queue, 'processed'), 5_000)).lines];
  const exclude = new Set([...validation, ...recent.map((l) => asPoolItem(l, 'recent')).filter((x): x is PoolItem => !!x)].map((p) => promptKey(p.prompt)));
  const fromDir = async (dir: string, source: string) => (await readLines(dir)).map((l) => asPoolItem(l, source)).filter((x): x is PoolItem => !!x);
  const adversarial = await fromDir(path.join(config.paths.dataDir, 'adversarial_examples'), 'adversarial');
  const corrections = await fromDir(path.join(queue, 'corrections'), 'correction');
  const pools = await fromDir(path.join(config.paths.dataDir, 'pools'), 'pool');
  const { plan: focus, brief } = await focusInForce(context, pools);
  const written: string[] = [];
  const focused: Record<string, number>[] = [];
  // Every line passes redaction, the held-out split's contamination check and the golden check.
  const guard: AdmissionGuard = { index: await loadHeldOutIndex(path.join(config.paths.dataDir, 'validation')), redact: config.safety.redact };
  if (guard.index.overflow) logger.warn({ reason: guard.index.overflow }, 'contamination check unavailable: every generated line is refused');
  const counts = emptyCounts();
  const refusals: { file: string; kind: string; reason: string }[] = [];
  const llm = await llmItems(config, config.minFiles - waiting, strategy, logger, brief);
  const batches: { file: string | null; requested: number; written: number; refused: number; rounds: number }[] = [];
  for (let i = waiting; i < config.minFiles; i++) {
    const batchIndex = processed.length + i;
    const requested = config.generation.batchSize;
    const admitted: TrainingLine[] = [];
    const refused: Refused[] = [];
    let rounds = 0;
    // Refused lines are replaced by fresh candidates (their prompts are excluded from then on),
    // a bounded number of times: a batch is full when it can be, never padded with refused lines.
    // Without a contamination check every candidate is refused for the same reason, so one round
    // shows it and top-ups would only generate more refusals.
    const maxRounds = guard.index.overflow ? 1 : MAX_GENERATION_ROUNDS;
    while (admitted.length < requested && rounds < maxRounds) {
      const lines = generateBatch({
        strategy,
        mix: strategyMix(strategy, { batchIndex, recentLossChange: lossTrend }),
        size: requested - admitted.length,
        seed: context.now().getTime() + i * MAX_GENERATION_ROUNDS + rounds,
        mixedIn: rounds === 0
          ? [
              { items: adversarial, share: config.generation.adversarialShare },
              { items: corrections, share: config.generation.correctionShare },
              { items: llm, share: config.generation.llmShare },
            ]
          : [],
        pools,
        exclude,
        focus,
      });
      rounds++;
      if (lines.length === 0) break;
      if (focus) focused.push(focusCounts(lines));
      for (const line of lines) exclude.add(promptKey(line.messages[0]!.content));
      const round = admitLines(lines, guard, counts);
      admitted.push(...round.admitted);
      refused.push(...round.refused);
    }
    // Nothing admitted: no file (an empty batch would count towards --min-files and train on nothing).
    const file = admitted.length > 0 ? await writeBatch(normal, admitted, strategy, context.now()) : null;
    if (file) written.push(file);
    const refusedUnder = file ?? path.join(normal, `batch_${batchIndex}_${strategy}_nothing_admitted`);
    await keepRefused(path.join(queue, 'rejected'), refusedUnder, refused, context.now());
    for (const r of refused) refusals.push({ file: path.basename(refusedUnder), kind: r.kind, reason: r.reason });
    batches.push({ file: file ? path.basename(file) : null, requested, written: admitted.length, refused: refused.length, rounds });
  }
  await context.statusStore.write('data_generation', {
    last_run: context.now().toISOString(),
    strategy,
    files_written: written.map((f) => path.basename(f)),
    admission: { ...counts, refused: { ...counts.refused } },
    contamination: {
      held_out: 'data/validation', held_out_examples: guard.index.items, runs_indexed: guard.index.grams, n: guard.index.n,
      rule: 'refused when it shares min(n, shorter length) consecutive tokens with a held-out question',
      available: guard.index.overflow === null,
      unavailable_reason: guard.index.overflow,
    },
    refused_examples: refusals.slice(0, 20),
    batches,
  });
  logger.info(
    { trigger: job.kind, strategy, files: written.map((f) => path.basename(f)), admitted: counts.admitted, refused: counts.refused, ...(focus ? { focus_lines: focused } : {}) },
    'training data generated',
  );
}

export const dataGeneration: DaemonSpec = {
  name: 'data-generation',
  processor: dataGenerationProcessor,
};
