// Scale-out of evaluation (issue 20, goal: ≥ 1.8× and exactly 1 inference per (checkpoint,
// example)). Baseline, measured in the same run: one evaluator process with one simulated
// model server. Against it: two evaluator processes, each with its own server, sharing the
// run's Redis (evaluation.shardExamples on). Every server has the same slots and per-request
// time, so each saturates on its own; the figure is checkpoint evaluations per second.
import { EVAL_SHARD_QUEUE, redisNamespace } from '@flywheel/contracts';
import { createEvaluationClient } from '@flywheel/evaluation';
import { writeSimulatedCheckpoint, type SimulatorStats } from '@flywheel/simulation';
import { freePort, startNodeProcess, startRedis, tempDir, waitFor, type NodeProcess } from '@flywheel/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchExamples, printResult } from './bench-examples.js';
import { pm2NodeArgs } from './pm2-node-args.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SIMULATOR = path.join(ROOT, 'apps/simulator/src/main.ts');
const EVALUATOR = path.join(ROOT, 'apps/evaluator/src/main.ts');
// From source (tsx), like the bench runner itself; the evaluators with their pm2 Node flags.
const TSX = ['--conditions=development', '--import', 'tsx'];

const SLOTS = 8;
/** Each request holds a slot this long whatever its tokens: the server, not the evaluator's CPU, is the limit. */
const BASE_MS = 200;
const EXAMPLES_TIMES = 5; // 5 × the demo set's 48 = 240 examples, 480 GPU requests per evaluation
const SHARD_EXAMPLES = 4;
const ROUNDS = 5;
const params = { maxTokens: 64, temperature: 0, stop: [] };

interface Setup {
  run: string;
  sims: Array<{ url: string; process: NodeProcess }>;
  evaluators: NodeProcess[];
}

export async function evalScaleoutBench(): Promise<{ ratio: number; inferencesMin: number; inferencesMax: number; idleServers: number }> {
  const redis = await startRedis();
  const { dir, remove } = await tempDir('bench-scaleout');
  const examples = await benchExamples(EXAMPLES_TIMES);
  const setDir = path.join(dir, 'data', 'bench');
  await mkdir(setDir, { recursive: true });
  await writeFile(path.join(setDir, 'bench.jsonl'), examples.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const started: NodeProcess[] = [];
  const setup = async (run: string, servers: number): Promise<Setup> => {
    const sims: Setup['sims'] = [];
    const evaluators: NodeProcess[] = [];
    for (let i = 0; i < servers; i++) {
      const port = await freePort();
      const sim = startNodeProcess(SIMULATOR, ['serve', '--examples', setDir, '--port', String(port), '--model-name', 'base',
        '--max-concurrency', String(SLOTS), '--base-ms', String(BASE_MS)], {}, TSX);
      started.push(sim);
      sims.push({ url: `http://127.0.0.1:${port}`, process: sim });
    }
    for (const sim of sims) {
      await waitFor(async () => (await fetch(`${sim.url}/health`).then((r) => r.ok, () => false)) || undefined, { timeoutMs: 60_000, what: 'a simulator' });
      const evaluator = startNodeProcess(EVALUATOR, ['--base-dir', dir, '--redis-url', redis.url, '--run', run, '--backend', 'lora', '--backend-url', sim.url,
        '--set', `evaluation.shardExamples=${SHARD_EXAMPLES}`, '--set', `backend.concurrency=${SLOTS * 4}`, '--log-level', 'warn'], {}, [...pm2NodeArgs('evaluator'), ...TSX]);
      started.push(evaluator);
      evaluators.push(evaluator);
    }
    // Up once every evaluator's shard worker is connected.
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const shards = new Queue(EVAL_SHARD_QUEUE, { connection, prefix: redisNamespace(run).queuePrefix, skipMetasUpdate: true });
    try {
      await waitFor(async () => ((await shards.getWorkersCount()) >= servers ? true : undefined), { timeoutMs: 120_000, what: `${servers} evaluators of run ${run}` });
    } finally {
      await shards.close();
      connection.disconnect();
    }
    return { run, sims, evaluators };
  };

  let step = 0;
  /** Seconds to evaluate one fresh checkpoint (nothing of it cached) on all its examples. */
  const evaluateOnce = async (s: Setup): Promise<{ seconds: number; checkpoint: string }> => {
    step += 10;
    const folder = await writeSimulatedCheckpoint(path.join(dir, 'checkpoints'), { step, evalLoss: 1, trainLoss: [], epoch: 1, maxSteps: 100_000 });
    const client = createEvaluationClient({ redisUrl: redis.url, run: s.run, dataDir: path.join(dir, 'data'), evalsDir: path.join(dir, 'status', 'evals'), waitSeconds: 600 });
    try {
      const t0 = performance.now();
      const result = await client.evaluate({ checkpoint: `checkpoint-${step}`, path: folder, exampleSet: 'bench', params, requestedBy: 'bench' });
      const seconds = (performance.now() - t0) / 1000;
      if (result.records.length !== examples.length) throw new Error(`evaluation has ${result.records.length} records, want ${examples.length}`);
      return { seconds, checkpoint: result.checkpoint };
    } finally {
      await client.close();
    }
  };
  const statsOf = async (url: string) => (await (await fetch(`${url}/simulator/stats`)).json()) as SimulatorStats;

  try {
    const one = await setup('scaleout-one', 1);
    const two = await setup('scaleout-two', 2);
    // Warm-up, not measured: each process's first evaluation compiles its code paths.
    await evaluateOnce(one);
    await evaluateOnce(two);
    const measured: string[] = [];
    const rounds: Array<{ one: number; two: number }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternating order, so a busy neighbour on a shared machine hits both alike.
      const order = round % 2 === 0 ? [one, two] : [two, one];
      const times = new Map<Setup, number>();
      for (const s of order) {
        const { seconds, checkpoint } = await evaluateOnce(s);
        times.set(s, seconds);
        measured.push(checkpoint);
      }
      rounds.push({ one: times.get(one)!, two: times.get(two)! });
    }
    // Inferences per (checkpoint, example), over every server of both set-ups, for every
    // checkpoint evaluated (warm-ups included): the simulators' own counts.
    const perPair = new Map<string, number>();
    const perServer: number[] = [];
    for (const sim of [...one.sims, ...two.sims]) {
      const stats = await statsOf(sim.url);
      let mine = 0;
      for (const [model, byExample] of Object.entries(stats.inferences)) {
        for (const [exampleId, counts] of Object.entries(byExample)) {
          const pair = `${model} ${exampleId}`;
          perPair.set(pair, (perPair.get(pair) ?? 0) + Math.max(counts.generate, counts.score));
          mine += counts.generate;
          if (counts.generate !== counts.score) perPair.set(pair, Number.NaN);
        }
      }
      perServer.push(mine);
    }
    const checkpoints = step / 10;
    const counts = [...perPair.values()];
    const missing = checkpoints * examples.length - counts.length;
    const inferencesMin = missing > 0 ? 0 : Math.min(...counts);
    const inferencesMax = Math.max(...counts);
    const ratios = rounds.map((r) => r.one / r.two).sort((a, b) => a - b);
    const ratio = ratios[Math.floor(ratios.length / 2)]!;
    const idleServers = perServer.filter((n) => n === 0).length;
    printResult('evaluation scale-out: two evaluators + two servers vs one + one', {
      'examples per evaluation (2 GPU requests each)': examples.length,
      'server slots, ms per request': `${SLOTS}, ${BASE_MS}`,
      'shard size (evaluation.shardExamples)': SHARD_EXAMPLES,
      'one evaluator: seconds per evaluation': rounds.map((r) => r.one.toFixed(2)).join(', '),
      'two evaluators: seconds per evaluation': rounds.map((r) => r.two.toFixed(2)).join(', '),
      'throughput ratio per round': rounds.map((r) => (r.one / r.two).toFixed(3)).join(', '),
      'median throughput ratio (goal ≥ 1.8)': ratio.toFixed(3),
      'answers per server (one | two, two)': perServer.join(' | '),
      'inferences per (checkpoint, example): min, max (want 1, 1)': `${inferencesMin}, ${inferencesMax}`,
      '(checkpoint, example) pairs counted / expected': `${counts.length} / ${checkpoints * examples.length}`,
    });
    return { ratio, inferencesMin, inferencesMax, idleServers };
  } finally {
    for (const p of started.reverse()) await p.stop();
    await redis.stop();
    await remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await evalScaleoutBench();
