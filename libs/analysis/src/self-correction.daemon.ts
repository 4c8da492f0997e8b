import { listCheckpoints } from '@flywheel/checkpoints';
import type { DaemonJob, EvalRecord, Example, StatusIssue } from '@flywheel/contracts';
import type { DaemonContext, DaemonSpec } from '@flywheel/daemon-runtime';
import { evaluationClientFor } from '@flywheel/evaluation';
import { readHeartbeats, writeFileAtomic } from '@flywheel/status-store';
import { quarantineRejected, scanTrainingFile } from '@flywheel/training-data';
import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { correctionLine, errorPattern, lineAsExample } from './self-correction.js';

const MAX_LINE_BYTES = 1 << 20;
export const SELF_CHECK_SET = 'self-check';

/** Adds this pass's errors to `logs/error_patterns/<pattern>.json` (counts and the latest examples). */
async function recordPatterns(dir: string, found: Map<string, { prompt: string; predicted: string; golden: string; checkpoint: string }[]>, now: Date) {
  await mkdir(dir, { recursive: true });
  for (const [pattern, examples] of found) {
    const file = path.join(dir, `${pattern}.json`);
    const old = JSON.parse(await readFile(file, 'utf8').catch(() => 'null')) as { count: number; examples: unknown[] } | null;
    await writeFileAtomic(file, JSON.stringify({
      pattern,
      count: (old?.count ?? 0) + examples.length,
      examples: [...examples, ...(old?.examples ?? [])].slice(0, 20),
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
  for (const name of files) {
    const scan = await scanTrainingFile(path.join(normal, name), MAX_LINE_BYTES);
    lines += scan.lines;
    await quarantineRejected(scan, path.join(config.paths.queueDir, 'rejected'));
    for (const r of scan.rejected) quarantined.push({ source: r.file, where: `line ${r.line}`, message: r.reason });
    for (const note of scan.notes) logger.info({ file: scan.file, line: note.line }, note.message);
    for (const v of scan.valid) {
      const example = lineAsExample(v.value, v.text);
      examples.set(example.id, example);
    }
  }
  const problems: StatusIssue[] = [];
  let wrong: { example: Example; record: EvalRecord }[] = [];
  const checkpoints = (await listCheckpoints(config.paths.checkpointsDir)).sort((a, b) => a.step - b.step);
  const current = checkpoints.at(-1);
  const evaluatorAlive = context.redis ? (await readHeartbeats(context.redis, config.run).catch(() => null))?.evaluator.state === 'alive' : false;
  if (examples.size > 0 && current && !evaluatorAlive) {
    problems.push({ source: 'evaluator', message: 'no evaluator is running: the queued examples were checked for format only' });
  }
  if (examples.size > 0 && current && evaluatorAlive) {
    const setDir = path.join(config.paths.dataDir, SELF_CHECK_SET);
    await writeFileAtomic(path.join(setDir, 'queued.jsonl'), [...examples.values()].map((e) => JSON.stringify(e)).join('\n') + '\n');
    const client = evaluationClientFor(config);
    try {
      const result = await client.evaluate({
        checkpoint: current.name, path: current.path, exampleSet: SELF_CHECK_SET,
        params: { maxTokens: config.evaluation.maxTokens, temperature: 0, stop: [] }, requestedBy: 'self-correction',
      });
      wrong = result.records.filter((r) => !r.correct).map((record) => ({ example: examples.get(record.exampleId)!, record })).filter((w) => w.example);
    } catch (error) {
      problems.push({ source: 'evaluator', message: `could not check the queued examples: ${(error as Error).message}` });
    } finally {
      await client.close();
    }
  }
  const patterns = new Map<string, { prompt: string; predicted: string; golden: string; checkpoint: string }[]>();
  const corrections = wrong.slice(0, config.errorThreshold).map(({ example, record }) => {
    const pattern = errorPattern(record, example.golden);
    const prompt = example.messages!.filter((m) => m.role === 'user').at(-1)?.content ?? '';
    patterns.set(pattern, [...(patterns.get(pattern) ?? []), { prompt, predicted: record.prediction, golden: example.golden, checkpoint: current!.name }]);
    return correctionLine(example, record, pattern, current!.name);
  });
  if (corrections.length > 0) {
    const dir = path.join(config.paths.queueDir, 'corrections');
    await mkdir(dir, { recursive: true });
    const day = context.now().toISOString().slice(0, 10).replace(/-/g, '');
    await appendFile(path.join(dir, `corrections_${day}.jsonl`), corrections.map((c) => JSON.stringify(c)).join('\n') + '\n');
    await recordPatterns(path.join(config.paths.logsDir, 'error_patterns'), patterns, context.now());
  }
  await context.statusStore.write('self_correction', {
    files_checked: files.length,
    lines_checked: lines,
    errors_found: quarantined.length + wrong.length,
    corrections_generated: corrections.length,
    error_patterns: Object.fromEntries([...patterns].map(([k, v]) => [k, v.length])),
    quarantined,
    format_errors: quarantined.length,
    wrong_answers: wrong.length,
    checkpoint: current?.name ?? null,
    errors: problems,
  });
  logger.info({ trigger: job.kind, files: files.length, lines, quarantined: quarantined.length, wrong: wrong.length, corrections: corrections.length }, 'queue checked');
}

export const selfCorrection: DaemonSpec = {
  name: 'self-correction',
  processor: selfCorrectionProcessor,
};
