// One measurement of bench/work-growth.bench.ts, in a fresh child process so that its peak
// memory (the process's high-water RSS) is its own: `generate` writes a run of N checkpoints
// and M examples into a status folder and Redis; `comparison` times model comparison's
// ranking and promotion test on that run; `route` times one API route over it.
import { modelComparisonStatus, type EvaluatedCheckpoint } from '@flywheel/analysis';
import { createApiApp, startApiServer } from '@flywheel/api-server';
import { loadConfig } from '@flywheel/config';
import { STATUS_IDS, type EvalRecord, type EvaluationResult, type StatusId } from '@flywheel/contracts';
import { createStatusStore } from '@flywheel/status-store';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { BODIES, bodyOf } from '../libs/api-server/src/status-bodies.fixture.js';

export interface Scale {
  /** Checkpoints in the run (synced, on record). */
  checkpoints: number;
  /** Examples in the validation set. */
  examples: number;
}

export interface Measured {
  /** Milliseconds per call (per request for a route), the fastest of the repeats after the first. */
  ms: number;
  /** The first call's milliseconds (a route's cold read, before any cache). */
  firstMs: number;
  /** Peak resident memory the calls added above the process after its set-up, in MiB. */
  peakMiB: number;
}

const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
const SKILLS = ['arithmetic', 'logic', 'extraction', 'summary'];

// A checkpoint's answers from a seeded item-response shape: harder items are missed more, a
// later checkpoint knows a little more. What the numbers are does not matter to the cost; that
// they vary (ECE bins, ties) does.
function recordsOf(checkpointIndex: number, examples: number): EvalRecord[] {
  return Array.from({ length: examples }, (_, i) => {
    const difficulty = DIFFICULTIES[i % 3]!;
    const hash = ((i * 2_654_435_761 + checkpointIndex * 40_503) >>> 0) / 2 ** 32;
    const confidence = Math.min(0.99, 0.2 + ((i * 37) % 80) / 100);
    return {
      exampleId: `ex-${i}`,
      difficulty,
      skill: SKILLS[i % SKILLS.length]!,
      prediction: `answer ${i % 17}`,
      correct: hash < 0.75 - 0.15 * DIFFICULTIES.indexOf(difficulty) + checkpointIndex * 0.0001,
      think: { present: true, closed: true, length: 40 + (i % 60) },
      confidence,
      golden: { nll: 2 + (i % 9) * 0.3, tokens: 4, meanNll: (2 + (i % 9) * 0.3) / 4, isGreedy: hash < 0.5 },
      outputTokens: 20 + (i % 40),
      latencyMs: 30 + (i % 50),
      backend: 'simulator',
      cacheKey: `key-${checkpointIndex}-${i}`,
    };
  });
}

const checkpointName = (index: number) => `checkpoint-${(index + 1) * 50}`;

function resultOf(index: number, examples: number): EvaluationResult {
  const records = recordsOf(index, examples);
  const correct = records.filter((r) => r.correct).length;
  return {
    checkpoint: checkpointName(index),
    checkpointId: `id-${index}`,
    exampleSet: 'validation',
    exampleSetId: 'bench',
    params: { maxTokens: 256, temperature: 0, stop: [] },
    backend: 'simulator',
    summary: { examples, correct, accuracy: correct / examples, meanConfidence: 0.6, goldenLoss: 0.6, goldenTokens: examples * 4, unsupported: {}, skippedLines: 0, cachedRecords: 0 },
    problems: [],
    records,
    evaluatedAt: new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString(),
  };
}

/** What the daemons keep at their defaults: the ranking window and the evaluations on disk. */
function keptCounts(scale: Scale) {
  // Defaults only: no config file of the machine's, no environment.
  const config = loadConfig({ env: {}, argv: [], cwd: os.tmpdir() });
  return {
    ranked: Math.min(scale.checkpoints, config.comparison.window),
    evalsKept: Math.min(scale.checkpoints, config.evaluation.keepCheckpoints),
    config,
  };
}

const rankedNames = (scale: Scale, ranked: number) => Array.from({ length: ranked }, (_, k) => scale.checkpoints - ranked + k);

const settingsOf = (config: ReturnType<typeof loadConfig>) => ({
  weights: { accuracy: config.comparison.weightAccuracy, loss: config.comparison.weightLoss, calibration: config.comparison.weightCalibration, quality: config.comparison.weightQuality },
  maxTokens: config.evaluation.maxTokens,
  bins: config.calibration.bins,
  // As the model-comparison daemon caps it.
  bootstrapIterations: Math.min(config.analysis.bootstrapIterations, 1_000),
  promotion: config.promotion,
});

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const maxRssMiB = () => process.resourceUsage().maxRSS / 1024;

async function measure(calls: number, call: () => Promise<unknown> | unknown): Promise<Measured> {
  collectGarbage();
  const before = maxRssMiB();
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    await call();
    times.push(performance.now() - start);
  }
  // The fastest repeat: the work is the same each time, and other work on the machine only adds.
  return { ms: Math.min(...(times.length > 1 ? times.slice(1) : times)), firstMs: times[0]!, peakMiB: Math.max(0, maxRssMiB() - before) };
}

/** The run on disk and in Redis: evaluations of the kept checkpoints, the seed's statuses, a sync status naming every checkpoint seen. */
export async function generateRun(statusDir: string, redisUrl: string, run: string, scale: Scale): Promise<void> {
  const { ranked, evalsKept, config } = keptCounts(scale);
  const newest = Array.from({ length: evalsKept }, (_, k) => scale.checkpoints - evalsKept + k);
  for (const index of newest) {
    const dir = path.join(statusDir, 'evals', checkpointName(index));
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `bench-${index}.json`), JSON.stringify(resultOf(index, scale.examples)));
  }
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const store = createStatusStore({ statusDir, run, redis, logger: pino({ level: 'silent' }) });
    for (const id of STATUS_IDS.filter((id) => BODIES[id])) await store.write(id, bodyOf(id as StatusId));
    const evaluated: EvaluatedCheckpoint[] = rankedNames(scale, ranked).map((index) => ({ checkpoint: checkpointName(index), step: (index + 1) * 50, result: resultOf(index, scale.examples) }));
    await store.write('model_comparison', modelComparisonStatus(evaluated, settingsOf(config), checkpointName(scale.checkpoints - ranked)));
    await store.write('checkpoint_sync', {
      last_run: new Date(Date.UTC(2026, 0, 2)).toISOString(),
      remote_host: null,
      checkpoints_seen: scale.checkpoints,
      checkpoints_pulled: [checkpointName(scale.checkpoints - 1)],
      checkpoints_pruned: [],
      bytes_transferred: 0,
      throughput_mb_s: null,
      errors: [],
    });
  } finally {
    redis.disconnect();
  }
}

/** Model comparison's pass over the run's ranked checkpoints: records read back from the evaluations on disk, then ranked and tested. */
export async function measureComparison(statusDir: string, scale: Scale): Promise<Measured & { ranked: number }> {
  const { ranked, config } = keptCounts(scale);
  const evaluated: EvaluatedCheckpoint[] = [];
  for (const index of rankedNames(scale, ranked)) {
    const name = checkpointName(index);
    const result = JSON.parse(await readFile(path.join(statusDir, 'evals', name, `bench-${index}.json`), 'utf8')) as EvaluationResult;
    evaluated.push({ checkpoint: name, step: (index + 1) * 50, result });
  }
  const settings = settingsOf(config);
  const champion = checkpointName(scale.checkpoints - ranked);
  return { ...(await measure(4, () => modelComparisonStatus(evaluated, settings, champion))), ranked };
}

/** One API route over the run: the first request (cold) and the fastest of the rest. */
export async function measureRoute(statusDir: string, redisUrl: string, run: string, route: string): Promise<Measured & { bytes: number }> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const logger = pino({ level: 'silent' });
  const statusStore = createStatusStore({ statusDir, run, redis, logger });
  const api = await startApiServer(createApiApp({ statusStore, redis, run, staleFactor: 3, staleAfterSeconds: 900, logger }), { host: '127.0.0.1', port: 0 });
  try {
    let bytes = 0;
    const measured = await measure(11, async () => {
      const response = await fetch(`${api.url}${route}`);
      const body = await response.arrayBuffer();
      if (!response.ok) throw new Error(`${route}: HTTP ${response.status}: ${new TextDecoder().decode(body).slice(0, 300)}`);
      bytes = body.byteLength;
    });
    return { ...measured, bytes };
  } finally {
    await api.close();
    redis.disconnect();
  }
}

// Child side: `work-growth-scale.ts <mode> <json args>`, result on the marked line.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { BENCH_RESULT_MARK } = await import('./bench-result-mark.js');
  const [mode, json] = process.argv.slice(2);
  const a = JSON.parse(json ?? '{}') as { statusDir: string; redisUrl: string; run: string; scale: Scale; route: string };
  const result =
    mode === 'generate' ? await generateRun(a.statusDir, a.redisUrl, a.run, a.scale)
    : mode === 'comparison' ? await measureComparison(a.statusDir, a.scale)
    : mode === 'route' ? await measureRoute(a.statusDir, a.redisUrl, a.run, a.route)
    : (() => { throw new Error(`unknown mode ${mode}: generate | comparison | route`); })();
  console.log(BENCH_RESULT_MARK + JSON.stringify(result ?? null));
  process.exit(0);
}
