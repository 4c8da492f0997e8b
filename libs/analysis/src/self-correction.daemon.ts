import { listCheckpoints } from '@flywheel/checkpoints';
import type { DaemonJob, EvalRecord, Example, StatusIssue } from '@flywheel/contracts';
import type { DaemonContext, DaemonSpec } from '@flywheel/daemon-runtime';
import { evaluationClientFor } from '@flywheel/evaluation';
import { readHeartbeats, writeFileAtomic } from '@flywheel/status-store';
import { admitLines, emptyCounts, keepRefused, loadHeldOutIndex, quarantineRejected, rejectContaminated, scanTrainingFile } from '@flywheel/training-data';
import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { carryOver, currentPatterns, readJudged, writeJudged } from './judged-lines.js';
import { correctionLine, errorPattern, isCorrection, lineAsExample } from './self-correction.js';

const MAX_LINE_BYTES = 1 << 20;
export const SELF_CHECK_SET = 'self-check';

type PatternExample = { prompt: string; predicted: string; golden: string; checkpoint: string };

/**
 * `logs/error_patterns/<pattern>.json`: how many queued lines the current checkpoint gets
 * wrong with this pattern now (not a running total over passes), and the latest examples.
 * A pattern no queued line shows any more is written with count 0.
 */
async function recordPatterns(dir: string, counts: Record<string, number>, found: Map<string, PatternExample[]>, now: Date) {
  await mkdir(dir, { recursive: true });
  const known = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
  for (const pattern of new Set([...known, ...Object.keys(counts)])) {
    const file = path.join(dir, `${pattern}.json`);
    const old = JSON.parse(await readFile(file, 'utf8').catch(() => 'null')) as { examples?: unknown[] } | null;
    await writeFileAtomic(file, JSON.stringify({
      pattern,
      count: counts[pattern] ?? 0,
      examples: [...(found.get(pattern) ?? []), ...(old?.examples ?? [])].slice(0, 20),
      last_update: now.toISOString(),
    }, null, 2));
  }
}

/**
 * self-correction (seed 004 §6): every queued training file is checked line by line; bad lines
 * go to `queue/rejected/` with file, line and reason (the rest stays queued); the valid lines
 * are put to the current model through the evaluator, and what it gets wrong becomes
 * correction examples in `queue/corrections/corrections_YYYYMMDD.jsonl` (at most
 * `--error-threshold` per pass) and error patterns in `logs/error_patterns/`.
 */
export async function selfCorrectionProcessor(job: DaemonJob, context: DaemonContext): Promise<void> {
  const { config, logger } = context;
  const normal = path.join(config.paths.queueDir, 'normal');
  const files = (await readdir(normal).catch(() => [] as string[])).filter((f) => f.endsWith('.jsonl')).sort();
  const quarantined: StatusIssue[] = [];
  const examples = new Map<string, Example>();
  let lines = 0;
  let skippedCorrections = 0;
  let contaminated = 0;
  // The held-out split: a queued line whose question overlaps it is quarantined like a malformed one.
  const index = await loadHeldOutIndex(path.join(config.paths.dataDir, 'validation'));
  for (const name of files) {
    const scan = await scanTrainingFile(path.join(normal, name), MAX_LINE_BYTES);
    lines += scan.lines;
    contaminated += rejectContaminated(scan, index);
    await quarantineRejected(scan, path.join(config.paths.queueDir, 'rejected'));
    for (const r of scan.rejected) quarantined.push({ source: r.file, where: `line ${r.line}`, message: r.reason });
    for (const note of scan.notes) logger.info({ file: scan.file, line: note.line }, note.message);
    for (const v of scan.valid) {
      // A correction is never corrected again.
      if (isCorrection(v.value)) {
        skippedCorrections++;
        continue;
      }
      const example = lineAsExample(v.value, v.text);
      examples.set(example.id, example);
    }
  }
  const problems: StatusIssue[] = [];
  // Too large to index: the queued lines were not checked against the held-out split. They are
  // left in the queue (they passed the admission when written); the status says so.
  if (index.overflow) problems.push({ source: path.join(config.paths.dataDir, 'validation'), message: index.overflow });
  let wrong: { example: Example; record: EvalRecord }[] = [];
  const checkpoints = (await listCheckpoints(config.paths.checkpointsDir)).sort((a, b) => a.step - b.step);
  const current = checkpoints.at(-1);
  const evaluatorAlive = context.redis ? (await readHeartbeats(context.redis, config.run).catch(() => null))?.evaluator.state === 'alive' : false;
  if (examples.size > 0 && current && !evaluatorAlive) {
    problems.push({ source: 'evaluator', message: 'no evaluator is running: the queued examples were checked for format only' });
  }
  // Each (line, checkpoint) is judged once: what was judged against this checkpoint is remembered.
  const judgedFile = path.join(config.paths.dataDir, SELF_CHECK_SET, 'judged.json');
  const carried = current ? carryOver(await readJudged(judgedFile), current.name, [...examples.keys()]) : null;
  const pending = carried ? carried.pending.map((id) => examples.get(id)!) : [];
  if (pending.length > 0 && current && evaluatorAlive) {
    const setDir = path.join(config.paths.dataDir, SELF_CHECK_SET);
    await writeFileAtomic(path.join(setDir, 'queued.jsonl'), pending.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const client = evaluationClientFor(config);
    try {
      const result = await client.evaluate({
        checkpoint: current.name, path: current.path, exampleSet: SELF_CHECK_SET,
        params: { maxTokens: config.evaluation.maxTokens, temperature: 0, stop: [] }, requestedBy: 'self-correction',
      });
      const judged = new Set(pending.map((e) => e.id));
      for (const record of result.records) {
        const example = examples.get(record.exampleId);
        if (!example || !judged.has(record.exampleId)) continue;
        carried!.state.lines[record.exampleId] = record.correct ? null : errorPattern(record, example.golden);
        if (!record.correct) wrong.push({ example, record });
      }
    } catch (error) {
      problems.push({ source: 'evaluator', message: `could not check the queued examples: ${(error as Error).message}` });
    } finally {
      await client.close();
    }
  }
  const patterns = new Map<string, PatternExample[]>();
  const made = wrong.slice(0, config.errorThreshold).map(({ example, record }) => {
    const pattern = errorPattern(record, example.golden);
    const prompt = example.messages!.filter((m) => m.role === 'user').at(-1)?.content ?? '';
    patterns.set(pattern, [...(patterns.get(pattern) ?? []), { prompt, predicted: record.prediction, golden: example.golden, checkpoint: current!.name }]);
    return correctionLine(example, record, pattern, current!.name);
  });
  // Wrong lines past --error-threshold get their correction in a later pass: they stay unjudged.
  for (const { example } of wrong.slice(config.errorThreshold)) delete carried!.state.lines[example.id];
  // Corrections enter queue/ like every line: redacted, checked against the held-out split and their golden.
  const admission = emptyCounts();
  const day = context.now().toISOString().slice(0, 10).replace(/-/g, '');
  const correctionsFile = path.join(config.paths.queueDir, 'corrections', `corrections_${day}.jsonl`);
  const { admitted: corrections, refused } = admitLines(made, { index, redact: config.safety.redact }, admission);
  if (corrections.length > 0) {
    await mkdir(path.dirname(correctionsFile), { recursive: true });
    await appendFile(correctionsFile, corrections.map((c) => JSON.stringify(c)).join('\n') + '\n');
  }
  await keepRefused(path.join(config.paths.queueDir, 'rejected'), correctionsFile, refused, context.now());
  if (carried) await writeJudged(judgedFile, carried.state);
  const queuePatterns = carried ? currentPatterns(carried.state) : {};
  if (carried && (patterns.size > 0 || Object.keys(queuePatterns).length > 0)) {
    await recordPatterns(path.join(config.paths.logsDir, 'error_patterns'), queuePatterns, patterns, context.now());
  }
  await context.statusStore.write('self_correction', {
    files_checked: files.length,
    lines_checked: lines,
    errors_found: quarantined.length + wrong.length,
    corrections_generated: corrections.length,
    error_patterns: queuePatterns,
    quarantined,
    format_errors: quarantined.length - contaminated,
    contaminated,
    contamination: { held_out: 'data/validation', held_out_examples: index.items, n: index.n, available: index.overflow === null, unavailable_reason: index.overflow },
    wrong_answers: wrong.length,
    lines_judged: pending.length && evaluatorAlive ? pending.length : 0,
    lines_already_judged: carried ? examples.size - carried.pending.length : 0,
    corrections_skipped: skippedCorrections,
    admission,
    checkpoint: current?.name ?? null,
    errors: problems,
  });
  logger.info({ trigger: job.kind, files: files.length, lines, quarantined: quarantined.length, wrong: wrong.length, corrections: corrections.length }, 'queue checked');
}

export const selfCorrection: DaemonSpec = {
  name: 'self-correction',
  processor: selfCorrectionProcessor,
};
