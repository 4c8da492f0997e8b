// Checkpoint → every status (issue 21, point 4): the demo's loop (scripts/up.sh, the apps as
// built) with the simulated trainer held after its first checkpoint; the bench lands the
// checkpoints itself, one at a time, as the trainer does (staged, then renamed into
// current_model/: complete on disk at the rename). For each, every status file whose writer
// reacts to a new checkpoint is timed from the rename to the first write of it that names the
// checkpoint (the status channel's message, read back from Redis), less the evaluator's
// inference: the span of the checkpoint's validation evaluation job, from the job's start to
// its "evaluation done" in the evaluator's log (pino time), subtracted where it overlaps the
// wait. Other sets' inference (the miner's set) is not subtracted: the daemons work meanwhile. The figure judged (goal < 1 s at the 99th percentile) starts at the announcement
// (the first "checkpoint announced" log line): before it the watcher only waits for the
// folder to stay unchanged, twice checkpoints.settleSeconds (1 s in the demo), printed apart.
// Run with 10, 100 and 1,000 checkpoints kept and ranked (comparison.window,
// evaluation.keepCheckpoints and sync.keep set to it), the history written before the demo
// starts (bench/checkpoint-history.ts: the folders, and their validation evaluations in
// status/evals/ under the keys every asker computes, so each ask of the history is a cache hit).
// BENCH_LATENCY_CHECKPOINTS (default 50) checkpoints per run; BENCH_LATENCY_KEPT (default
// "10,100,1000") the runs. Prints figures only; goals missed are returned.
import { loadConfig, type FlywheelConfig } from '@flywheel/config';
import { DAEMON_NAMES, redisNamespace, STATUS_FILES, StatusUpdateMessage } from '@flywheel/contracts';
import { loadExampleSet } from '@flywheel/evaluation';
import { tempDir, waitFor } from '@flywheel/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { printResult } from './bench-examples.js';
import { landCheckpoint, SAVE_STEPS, validationKey, writeHistory } from './checkpoint-history.js';
import { launchDemo, requireBuiltApps, untilDaemonsAlive, whileUp, type Demo } from './demo-launch.js';

const GOAL_MS = 1_000;
/** Growth between the two largest runs faster than this exponent (1 = linear) is reported. */
const MAX_EXPONENT = 1.15;
/** Latencies below this are floored in the exponent, so noise on a near-free status is not read as growth. */
const FLOOR_MS = 50;
/** The daemons that react to checkpoint.ready and write a status of their own. */
const REACTING = new Set(['automated-testing', 'model-comparison', 'regression-monitor', 'confidence-calibrator', 'adversarial-miner', 'curriculum-optimizer', 'checkpoint-auto-deploy', 'checkpoint-sync']);
const WATCHED_FILES = Object.values(STATUS_FILES).filter((s) => s.writer && REACTING.has(s.writer)).map((s) => s.file);

const envList = (name: string, fallback: string) =>
  (process.env[name] ?? fallback).split(',').map((s) => {
    const n = Number(s.trim());
    if (!Number.isInteger(n) || n < 2) throw new Error(`${name}: expected integers ≥ 2, comma-separated, got ${process.env[name]}`);
    return n;
  });

export const percentile = (values: readonly number[], p: number): number => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/** How much of [from, to] the interval [start, end] covers. */
export const overlap = (from: number, to: number, start: number, end: number) => Math.max(0, Math.min(to, end) - Math.max(from, start));

interface Landed {
  checkpoint: string;
  landedAt: number;
  key: string;
  /** First write naming the checkpoint, per status file (ms since epoch, the message's arrival). */
  named: Map<string, number>;
  /** Writes of the file after the landing, naming it or not. */
  writes: Map<string, number>;
}

interface Span {
  start: number;
  end: number;
}

interface Timed extends Landed {
  announcedAt: number | null;
  /** Its validation evaluation's inference. */
  inference: Span | null;
}

export interface LatencyRun {
  kept: number;
  checkpoints: number;
  /** Per status file: ms from the announcement to the first write naming the checkpoint, less inference. */
  perStatus: Record<string, number[]>;
  /** Per checkpoint: the last of its statuses (the "every status" figure), from the announcement, less inference. */
  everyStatus: number[];
  /** The same from the rename on disk. */
  everyStatusFromDisk: number[];
  settle: number[];
  inference: number[];
  /** Checkpoints for which model comparison never named the checkpoint within the wait. */
  unranked: number;
}

/** Lines of the demo's logs (with rotated copies), parsed; lines that are not JSON are skipped. */
async function logLines(dir: string): Promise<Record<string, unknown>[]> {
  const logs = path.join(dir, 'logs');
  const out: Record<string, unknown>[] = [];
  for (const file of (await readdir(logs).catch(() => [] as string[])).filter((n) => /^[a-z-]+\.log(\.\d+)?$/.test(n))) {
    for (const line of (await readFile(path.join(logs, file), 'utf8')).split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        out.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // a line being written
      }
    }
  }
  return out;
}

/** The announcement of each landed checkpoint and its validation inference, from the daemons' logs. */
async function fromLogs(dir: string, landed: readonly Landed[]): Promise<Timed[]> {
  const lines = await logLines(dir);
  const time = (l: Record<string, unknown>) => Date.parse(String(l['time']));
  const announced = new Map<string, number>();
  const started = new Map<string, number[]>();
  const done = new Map<string, number>();
  for (const l of lines) {
    if (l['msg'] === 'checkpoint announced' && typeof l['checkpoint'] === 'string') {
      const t = time(l);
      announced.set(l['checkpoint'], Math.min(t, announced.get(l['checkpoint']) ?? Infinity));
    } else if (l['msg'] === 'job started' && l['kind'] === 'evaluate' && typeof l['jobId'] === 'string') {
      started.set(l['jobId'], [...(started.get(l['jobId']) ?? []), time(l)]);
    } else if (l['msg'] === 'evaluation done' && typeof l['jobId'] === 'string') {
      done.set(l['jobId'], Math.min(time(l), done.get(l['jobId']) ?? Infinity));
    }
  }
  // The run of a job that inferred: its last start before its "evaluation done" (a retry starts again).
  const spanOf = (key: string): Span | null => {
    const end = done.get(key);
    const start = end === undefined ? -Infinity : Math.max(...(started.get(key) ?? []).filter((t) => t <= end));
    return end !== undefined && Number.isFinite(start) ? { start, end } : null;
  };
  return landed.map((c) => ({ ...c, announcedAt: announced.get(c.checkpoint) ?? null, inference: spanOf(c.key) }));
}

/** Waiting, active or prioritized jobs on every daemon's queue (a scheduler's next tick is delayed: not counted). */
async function busyJobs(queues: readonly Queue[]): Promise<number> {
  let busy = 0;
  for (const q of queues) {
    const counts = await q.getJobCounts('waiting', 'active', 'prioritized');
    busy += (counts['waiting'] ?? 0) + (counts['active'] ?? 0) + (counts['prioritized'] ?? 0);
  }
  return busy;
}

async function runOne(kept: number, checkpoints: number): Promise<LatencyRun> {
  const config: FlywheelConfig = loadConfig({ argv: [], env: {}, cwd: tmpdir() });
  const ns = redisNamespace(config.run);
  const maxSteps = (kept + checkpoints + 20) * SAVE_STEPS;
  const { dir, remove } = await tempDir(`bench-latency-${kept}`);
  const started = Date.now();
  await writeHistory(dir, kept, maxSteps, config);
  console.log(`  latency: ${kept} checkpoints of history written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  let demo: Demo | undefined;
  const connections: Redis[] = [];
  const queues: Queue[] = [];
  try {
    demo = await launchDemo(dir, {
      // The trainer saves checkpoint-50 at once, then waits a day: the bench lands the rest.
      FLYWHEEL_DEMO_SAVE_EVERY: '86400',
      FLYWHEEL_DEMO_MAX_STEPS: String(maxSteps),
      FLYWHEEL_DEMO_REGRESS_AT_STEP: 'off',
      FLYWHEEL_SYNC_KEEP: String(kept),
      FLYWHEEL_COMPARISON_WINDOW: String(kept),
      FLYWHEEL_EVALUATION_KEEP_CHECKPOINTS: String(kept),
    }, 1_800 + checkpoints * 60 + kept);
    const up = whileUp(demo);
    await up(untilDaemonsAlive(demo));
    const url = `redis://flywheel:${demo.redisPassword}@127.0.0.1:${demo.ports.redis}`;
    const reader = new Redis(url, { maxRetriesPerRequest: 2 });
    const subscriber = new Redis(url, { maxRetriesPerRequest: 2 });
    connections.push(reader, subscriber);
    for (const name of DAEMON_NAMES) queues.push(new Queue(name, { connection: reader, prefix: ns.queuePrefix, skipMetasUpdate: true }));
    let lastWrite = Date.now();
    let current: Landed | null = null;
    subscriber.on('message', (_channel: string, text: string) => {
      const at = Date.now();
      lastWrite = at;
      let message: ReturnType<typeof StatusUpdateMessage.safeParse>;
      try {
        message = StatusUpdateMessage.safeParse(JSON.parse(text));
      } catch {
        return;
      }
      const target = current;
      if (!message.success || !target || at < target.landedAt || !WATCHED_FILES.includes(message.data.file)) return;
      const file = message.data.file;
      target.writes.set(file, (target.writes.get(file) ?? 0) + 1);
      // Read back at once: a later write of the same file may have replaced it; it names the checkpoint too if this one did.
      void reader.get(ns.status(file)).then((json) => {
        if (json && new RegExp(`["/]${target.checkpoint}"`).test(json) && !target.named.has(file)) target.named.set(file, at);
      });
    });
    await subscriber.subscribe(ns.statusChannel);
    const quiet = async (quietMs: number, timeoutMs: number, what: string) =>
      up(waitFor(async () => (Date.now() - lastWrite >= quietMs && (await busyJobs(queues)) === 0) || undefined, { timeoutMs, intervalMs: 200, what }));
    // The daemons' first passes over the history (every checkpoint announced at start) and the trainer's checkpoint-50.
    await quiet(3_000, 600_000 + kept * 600, `the first passes over ${kept} checkpoints to finish`);
    console.log(`  latency: ${kept} kept, up and quiet after ${((Date.now() - started) / 1000).toFixed(1)} s; landing ${checkpoints}`);

    const setId = (await loadExampleSet(path.join(dir, 'data', 'validation'), 'validation')).id;
    const landed: Landed[] = [];
    let unranked = 0;
    for (let i = 0; i < checkpoints; i++) {
      const step = (kept + 1 + i) * SAVE_STEPS;
      const entry: Landed = { checkpoint: `checkpoint-${step}`, landedAt: Infinity, key: '', named: new Map(), writes: new Map() };
      current = entry;
      const folder = await landCheckpoint(path.join(dir, 'current_model'), step, maxSteps);
      entry.landedAt = Date.now();
      entry.key = await validationKey(config, folder, setId);
      landed.push(entry);
      try {
        await up(waitFor(() => entry.named.has(STATUS_FILES.model_comparison.file) || undefined, { timeoutMs: 120_000, intervalMs: 50, what: `model_comparisons.json naming ${entry.checkpoint}` }));
      } catch (error) {
        if ((error as Error).message.includes('up.sh')) throw error;
        unranked++;
      }
      // What the ranking sets off (a deploy, the champion) before the next checkpoint lands.
      await quiet(1_500, 120_000, `the loop quiet after ${entry.checkpoint}`);
    }
    current = null;
    const timed = await fromLogs(dir, landed);
    const perStatus: Record<string, number[]> = Object.fromEntries(WATCHED_FILES.map((f) => [f, []]));
    const everyStatus: number[] = [];
    const everyStatusFromDisk: number[] = [];
    const settle: number[] = [];
    const inference: number[] = [];
    for (const c of timed) {
      const from = c.announcedAt ?? c.landedAt;
      if (c.announcedAt !== null) settle.push(c.announcedAt - c.landedAt);
      if (c.inference) inference.push(c.inference.end - c.inference.start);
      // Less the checkpoint's validation inference, which every status waits for. Not the other
      // sets' (the miner's): the other daemons work while those run, so taking them off too
      // would take off their own work (a status written during one would read the same for all).
      const less = (start: number, at: number) => at - start - (c.inference ? overlap(start, at, c.inference.start, c.inference.end) : 0);
      for (const [file, at] of c.named) perStatus[file]!.push(less(from, at));
      if (c.named.size) {
        const last = Math.max(...c.named.values());
        everyStatus.push(less(from, last));
        everyStatusFromDisk.push(less(c.landedAt, last));
      }
    }
    return { kept, checkpoints, perStatus, everyStatus, everyStatusFromDisk, settle, inference, unranked };
  } finally {
    for (const q of queues) await q.close().catch(() => undefined);
    for (const c of connections) c.disconnect();
    await demo?.stop();
    if (process.env['BENCH_LATENCY_KEEP_DIR'] === '1') console.log(`  latency: demo folder kept: ${dir}`);
    else await remove();
  }
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : 'n/a');
const p50p99 = (values: readonly number[]) => `p50 ${ms(percentile(values, 50))}, p99 ${ms(percentile(values, 99))} (n ${values.length})`;

/** log(larger / smaller) / log(workRatio), both floored. */
export const growthExponent = (smaller: number, larger: number, workRatio: number, floor = FLOOR_MS) =>
  Math.log(Math.max(larger, floor) / Math.max(smaller, floor)) / Math.log(workRatio);

export async function checkpointLatencyBench(): Promise<{ missed: string[]; runs: LatencyRun[] }> {
  requireBuiltApps();
  const checkpoints = envList('BENCH_LATENCY_CHECKPOINTS', '50')[0]!;
  const keptList = envList('BENCH_LATENCY_KEPT', '10,100,1000');
  const runs: LatencyRun[] = [];
  for (const kept of keptList) {
    const run = await runOne(kept, checkpoints);
    runs.push(run);
    const lines: Record<string, string> = {
      'settle wait (rename → announced)': `${p50p99(run.settle)}  (2 × checkpoints.settleSeconds = 2 × 1 s in the demo)`,
      'inference (validation evaluation job)': p50p99(run.inference),
    };
    for (const [file, values] of Object.entries(run.perStatus)) {
      lines[file] = values.length ? `${p50p99(values)}  named ${values.length}/${checkpoints}` : `never named a landed checkpoint within the wait`;
    }
    lines['every status, from the rename on disk'] = p50p99(run.everyStatusFromDisk);
    lines['every status, from the announcement'] = `${p50p99(run.everyStatus)}  goal p99 < ${GOAL_MS} ms: ${percentile(run.everyStatus, 99) < GOAL_MS ? 'met' : 'MISSED'}`;
    if (run.unranked) lines['not ranked within 120 s'] = `${run.unranked} of ${checkpoints}`;
    printResult(`Checkpoint → every status, ${kept} checkpoints kept and ranked, ${checkpoints} landed (less the evaluator's inference)`, lines);
  }
  const missed: string[] = [];
  for (const run of runs) {
    const p99 = percentile(run.everyStatus, 99);
    if (!(p99 < GOAL_MS)) missed.push(`checkpoint → every status with ${run.kept} kept: p99 ${ms(p99)} ≥ ${GOAL_MS} ms (from the announcement, less inference)`);
    if (run.unranked) missed.push(`checkpoint → every status with ${run.kept} kept: ${run.unranked} checkpoint(s) not ranked within 120 s`);
  }
  if (runs.length >= 2) {
    const [a, b] = runs.slice(-2) as [LatencyRun, LatencyRun];
    const ratio = b.kept / a.kept;
    const lines: Record<string, string> = { runs: runs.map((r) => `${r.kept} kept`).join(' | ') };
    const rows: [string, (r: LatencyRun) => number[]][] = [
      ['every status', (r) => r.everyStatus],
      ...WATCHED_FILES.map((f) => [f, (r: LatencyRun) => r.perStatus[f]!] as [string, (r: LatencyRun) => number[]]),
    ];
    for (const [name, of] of rows) {
      if (runs.some((r) => !of(r).length)) continue;
      const medians = runs.map((r) => percentile(of(r), 50));
      const exponent = growthExponent(medians.at(-2)!, medians.at(-1)!, ratio);
      lines[`${name}: p50`] = `${medians.map(ms).join(' | ')}  (exponent ${exponent.toFixed(2)}, ${a.kept} → ${b.kept})`;
      if (exponent > MAX_EXPONENT) missed.push(`checkpoint → ${name}: grows with exponent ${exponent.toFixed(2)} > ${MAX_EXPONENT} from ${a.kept} to ${b.kept} kept`);
    }
    printResult(`Checkpoint → status as the kept and ranked count grows (medians; goal: exponent ≤ ${MAX_EXPONENT}, 1 = linear)`, lines);
  }
  return { missed, runs };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { missed } = await checkpointLatencyBench();
  if (missed.length) console.log(`\ngoals missed:\n  ${missed.join('\n  ')}`);
  process.exit(missed.length ? 1 : 0);
}
