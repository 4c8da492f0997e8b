// Soak (issue 17's goal): the demo's loop (scripts/up.sh) run fast — a checkpoint every
// BENCH_SOAK_SAVE_EVERY seconds (default 2) — for BENCH_SOAK_CHECKPOINTS checkpoints (default
// 200) with keep 3 (sync.keep, deploy.keepServed), under steady traffic to the API and the
// gateway. After each new checkpoint it samples Redis (used_memory, DBSIZE), the size of the
// status, serving, logs, Redis and trainer folders, and the largest file under logs/ and
// status/. It prints each measure's growth per checkpoint over the last 100 checkpoints
// (least-squares slope) next to the same over the first 100 (the baseline of the same run),
// which key patterns and file patterns grew over the last 100, and how many requests failed.
// Takes about SAVE_EVERY × CHECKPOINTS seconds plus start-up: `npm run bench` runs it only
// with BENCH_SOAK=1. BENCH_SOAK_KEEP_DIR=1 keeps the demo's folder (its path is printed).
// Time is compressed (2 s per checkpoint), and so are the bounds, or the last 100 checkpoints
// could not show them holding: each is set (COMPRESSED_CAPS, printed with the figures) so that
// it is reached within the first ~100 checkpoints. evaluation.redisTtlSeconds and
// gateway.requestTtlSeconds (the gateway's record of each request, for feedback to join) are the
// lifetime of 50 checkpoints (BENCH_SOAK_EVAL_TTL_SECONDS; 604800 and 86400 in production); BullMQ keeps
// 50 completed / 50 failed jobs per queue (queue.keepCompletedJobs 1000, keepFailedJobs 5000 in
// production); the gateway's stream 200 events (100000), the alerts' and analysis events' 100
// (10000, 20000); logs rotate at 16 KiB with one copy (10 MiB, 3 copies), JSONL files at 64 KiB
// with one copy (10 MiB, 3); Redis rewrites its AOF from 1 MB (64 MB); status/evals/ keeps 10
// checkpoints (evaluation.keepCheckpoints 50); each queue's BullMQ events stream 200 entries
// (queue.eventsMaxLength 10000). The simulated model does not regress and learns slowly
// (FLYWHEEL_DEMO_DECAY_STEPS, BENCH_SOAK_DECAY_STEPS, default 6000 steps = 120 checkpoints), so
// deploys keep coming and deploy.keepServed is exercised under churn.
// A measure levels off (PASS) when its least-squares growth over the last 100 checkpoints adds
// at most 2 % of its mean over them (slope × 100 ≤ 0.02 × mean), or when it is a sawtooth a
// bound cuts back (rotation, AOF rewrite, stream trim): the peak of the last 50 checkpoints is at
// most 2 % above the peak of the 50 before, or when its slope is within two standard errors of 0
// (no growth the samples can tell from the noise of files rewritten whole). Sets that turn over slower than that window are judged
// by their configured bound at every sample: status/evals/'s checkpoint folders (they move with the
// champion), flywheel's logs and the status JSONL files (rotated; each file turns over at its own
// pace), when the rule alone does not pass them. The served checkpoints' trainer_state.json is the
// trainer's data (log_history grows with the run; flywheel copies it, never trims it), so the
// serving folder is reported as is and net of those files: the net figure is the one judged.
import { loadConfig } from '@flywheel/config';
import { tempDir, waitFor } from '@flywheel/testing';
import { Redis } from 'ioredis';
import { tmpdir } from 'node:os';
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { printResult } from './bench-examples.js';
import { demoApi, launchDemo, requireBuiltApps, untilDaemonsAlive, whileUp as whileUpOf, type Demo } from './demo-launch.js';

/** up.sh's `--save-steps`: checkpoint-<n × 50>. */
const SAVE_STEPS = 50;
const WINDOW = 100;
const envNumber = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}: expected a positive number, got ${process.env[name]}`);
  return value;
};

// ---- small reusable pieces -------------------------------------------------------------

export interface Point {
  x: number;
  y: number;
}

/** The means and centred sums a least-squares line of y over x is made of. */
function centredSums(points: readonly Point[]) {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  return { n, mx, my, sxy, sxx };
}

/** Least-squares slope of y over x; NaN with fewer than two distinct x. */
export function leastSquaresSlope(points: readonly Point[]): number {
  if (points.length < 2) return NaN;
  const { sxy, sxx } = centredSums(points);
  return sxx === 0 ? NaN : sxy / sxx;
}

/** The least-squares slope's standard error, from the residuals about the fitted line. */
export function slopeStandardError(points: readonly Point[], slope: number): number {
  if (points.length < 3) return NaN;
  const { n, mx, my, sxx } = centredSums(points);
  const residuals = points.reduce((s, p) => s + (p.y - (my + slope * (p.x - mx))) ** 2, 0);
  return Math.sqrt(residuals / (n - 2) / sxx);
}

export interface FileEntry {
  /** Relative to the walked folder. */
  path: string;
  bytes: number;
}

/** Every regular file under `dir` (symbolic links not followed); none when it is absent. */
export async function listFiles(dir: string): Promise<FileEntry[]> {
  const out: FileEntry[] = [];
  const walk = async (rel: string) => {
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) {
        // A file may be renamed or removed between the listing and the stat (atomic writes).
        const stat = await lstat(path.join(dir, child)).catch(() => null);
        if (stat) out.push({ path: child, bytes: stat.size });
      }
    }
  };
  await walk('');
  return out;
}

export const totalBytes = (files: readonly FileEntry[]) => files.reduce((s, f) => s + f.bytes, 0);
export const largestFile = (files: readonly FileEntry[]): FileEntry => files.reduce((a, b) => (b.bytes > a.bytes ? b : a), { path: '(none)', bytes: 0 });

/** A name with its numbers (steps, ids, dates, hashes' digit runs) as `#`: the key or file pattern it belongs to. */
// A UUID (the gateway's request ids) first, or its short hex groups would make every key its own pattern.
export const patternOf = (name: string) =>
  name.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>').replace(/[0-9a-f]{16,}/gi, '<hex>').replace(/\d+/g, '#');

export interface PatternCount {
  count: number;
  bytes: number;
}

/** Counts and sizes per pattern. */
export function byPattern(items: readonly { name: string; bytes: number }[]): Map<string, PatternCount> {
  const out = new Map<string, PatternCount>();
  for (const item of items) {
    const key = patternOf(item.name);
    const entry = out.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += item.bytes;
    out.set(key, entry);
  }
  return out;
}

/** The patterns that grew from `before` to `after`, most bytes first. */
export function grownPatterns(before: Map<string, PatternCount>, after: Map<string, PatternCount>, limit = 8) {
  const rows: { pattern: string; count: number; bytes: number; countNow: number; bytesNow: number }[] = [];
  for (const [pattern, now] of after) {
    const then = before.get(pattern) ?? { count: 0, bytes: 0 };
    if (now.bytes > then.bytes || now.count > then.count) {
      rows.push({ pattern, count: now.count - then.count, bytes: now.bytes - then.bytes, countNow: now.count, bytesNow: now.bytes });
    }
  }
  return rows.sort((a, b) => b.bytes - a.bytes || b.count - a.count).slice(0, limit);
}

/** Every key of the Redis database with MEMORY USAGE (bytes). */
async function redisKeys(redis: Redis): Promise<{ name: string; bytes: number }[]> {
  const names: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    names.push(...batch);
  } while (cursor !== '0');
  const out: { name: string; bytes: number }[] = [];
  for (let i = 0; i < names.length; i += 500) {
    const pipeline = redis.pipeline();
    for (const name of names.slice(i, i + 500)) pipeline.memory('USAGE', name);
    const answers = (await pipeline.exec()) ?? [];
    names.slice(i, i + 500).forEach((name, j) => out.push({ name, bytes: Number(answers[j]?.[1] ?? 0) }));
  }
  return out;
}

const kb = (bytes: number) => bytes / 1024;
const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

// ---- the demo --------------------------------------------------------------------------

/** Bounds set smaller than production's for the soak (environment → the setting; production default). */
export const COMPRESSED_CAPS: readonly { env: string; setting: string; value: string; production: string }[] = [
  { env: 'FLYWHEEL_EVALUATION_KEEP_CHECKPOINTS', setting: 'evaluation.keepCheckpoints', value: '10', production: '50' },
  { env: 'FLYWHEEL_QUEUE_KEEP_COMPLETED_JOBS', setting: 'queue.keepCompletedJobs', value: '50', production: '1000' },
  { env: 'FLYWHEEL_QUEUE_KEEP_FAILED_JOBS', setting: 'queue.keepFailedJobs', value: '50', production: '5000' },
  { env: 'FLYWHEEL_QUEUE_EVENTS_MAX_LENGTH', setting: 'queue.eventsMaxLength', value: '200', production: '10000' },
  { env: 'FLYWHEEL_GATEWAY_EVENTS_MAX_LENGTH', setting: 'gateway.eventsMaxLength', value: '200', production: '100000' },
  { env: 'FLYWHEEL_ALERTS_STREAM_MAX_LENGTH', setting: 'alerts.streamMaxLength', value: '100', production: '10000' },
  { env: 'FLYWHEEL_ALERTS_EVENTS_MAX_LENGTH', setting: 'alerts.eventsMaxLength', value: '100', production: '20000' },
  { env: 'FLYWHEEL_RETENTION_LOG_MAX_BYTES', setting: 'retention.logMaxBytes', value: '16384', production: '10485760' },
  { env: 'FLYWHEEL_RETENTION_LOG_ROTATED_FILES', setting: 'retention.logRotatedFiles', value: '1', production: '3' },
  // The smallest the config accepts.
  { env: 'FLYWHEEL_RETENTION_JSONL_MAX_BYTES', setting: 'retention.jsonlMaxBytes', value: '65536', production: '10485760' },
  { env: 'FLYWHEEL_RETENTION_JSONL_ROTATED_FILES', setting: 'retention.jsonlRotatedFiles', value: '1', production: '3' },
  { env: 'FLYWHEEL_DEMO_REDIS_AOF_REWRITE_MIN_SIZE', setting: 'Redis auto-aof-rewrite-min-size (up.sh)', value: '1mb', production: '64mb' },
];

async function startDemo(dir: string, saveEvery: number, checkpoints: number, evalTtlSeconds: number, decaySteps: number): Promise<Demo> {
  return launchDemo(dir, {
    FLYWHEEL_DEMO_SAVE_EVERY: String(saveEvery),
    // A few checkpoints more than needed, so the run never finishes before the bench stops it.
    FLYWHEEL_DEMO_MAX_STEPS: String((checkpoints + 20) * SAVE_STEPS),
    // keep 3, said explicitly (the default), for pulled copies and the trainer's own folder alike.
    FLYWHEEL_SYNC_KEEP: '3',
    // One host: the simulated trainer's folder is pruned to keep 3 like pulled copies (sync.pruneLocal).
    FLYWHEEL_SYNC_PRUNE_LOCAL: 'true',
    FLYWHEEL_DEPLOY_KEEP_SERVED: '3',
    // The evaluator's Redis copies live 7 days by default (about 500 checkpoints at one every
    // 20 min); the soak compresses time, so it compresses that bound too, or it could not be
    // seen to hold.
    FLYWHEEL_EVALUATION_REDIS_TTL_SECONDS: String(evalTtlSeconds),
    // The same for the gateway's per-request records (a key each, 24 h by default): at a steady
    // request rate they level off at rate × TTL, which the soak could not reach in 24 h.
    FLYWHEEL_GATEWAY_REQUEST_TTL_SECONDS: String(evalTtlSeconds),
    ...Object.fromEntries(COMPRESSED_CAPS.map((c) => [c.env, c.value])),
    // No regression, and slow learning: quality keeps rising, so deploys keep happening.
    FLYWHEEL_DEMO_REGRESS_AT_STEP: 'off',
    FLYWHEEL_DEMO_DECAY_STEPS: String(decaySteps),
  // A backstop: the demo stops by itself even if this process dies before sending SIGTERM.
  }, checkpoints * saveEvery * 3 + 600);
}

/** The newest checkpoint the simulated trainer saved, as a count (checkpoint-<n × 50>). */
async function savedCheckpoints(dir: string): Promise<number> {
  const names = await readdir(path.join(dir, 'current_model')).catch(() => [] as string[]);
  return Math.max(0, ...names.map((n) => /^checkpoint-(\d+)$/.exec(n)).filter((m) => m).map((m) => Number(m![1]) / SAVE_STEPS));
}

// ---- traffic ---------------------------------------------------------------------------

const API_ROUTES = [
  '/api/status', '/api/training', '/api/checkpoints', '/api/model_comparison', '/api/deployments', '/api/champion',
  '/api/regression', '/api/accuracy_history', '/api/alerts', '/api/performance/summary', '/api/llm_health', '/metrics',
];
const PROMPTS = ['What is 17 + 25?', 'What is the capital of France?', 'Translate "good morning" into German.', 'What is 9 × 8?'];

interface RequestRecord {
  target: 'api' | 'gateway';
  what: string;
  checkpoint: number;
  ms: number;
  /** null: it succeeded. */
  failure: string | null;
}

/** Sends one request after another (one every `everyMs`) until `stopped()`. */
async function steadyTraffic(everyMs: number, stopped: () => boolean, one: (i: number) => Promise<void>): Promise<void> {
  for (let i = 0; !stopped(); i++) {
    const started = Date.now();
    await one(i);
    await new Promise((r) => setTimeout(r, Math.max(0, everyMs - (Date.now() - started))));
  }
}

async function timed(target: RequestRecord['target'], what: string, checkpoint: number, send: () => Promise<string | null>): Promise<RequestRecord> {
  const started = performance.now();
  let failure: string | null;
  try {
    failure = await send();
  } catch (error) {
    failure = `network: ${(error as Error).message}${(error as { cause?: Error }).cause ? ` (${(error as { cause: Error }).cause.message})` : ''}`;
  }
  return { target, what, checkpoint, ms: performance.now() - started, failure };
}

// ---- samples ---------------------------------------------------------------------------

/** deployments.jsonl, ratings.jsonl, alert_analyses.jsonl and their rotated copies (retention.jsonl*). */
const JSONL_FILE = /(^|\/)[a-z_]+\.jsonl(\.\d+)?$/;

/** A compressed cap's value for the soak, as a number. */
const capOf = (setting: string) => Number(COMPRESSED_CAPS.find((c) => c.setting === setting)!.value);

/**
 * The configured bounds the slow-turning sets are held to, from the soak's caps: status/evals/
 * keeps the newest evaluation.keepCheckpoints and the champion and the deployed checkpoint (two
 * names; the soak pins none) with testing.baselineCheckpoints − 1 neighbours each side
 * (libs/evaluation/src/evals-retention.ts); a rotated file takes at most (1 + copies) × its size.
 */
function configuredBounds(logNames: number) {
  const keep = capOf('evaluation.keepCheckpoints');
  const around = loadConfig({ argv: [], env: {}, cwd: tmpdir() }).testing.baselineCheckpoints - 1;
  const logFileKb = (1 + capOf('retention.logRotatedFiles')) * capOf('retention.logMaxBytes') / 1024;
  const jsonlFileKb = (1 + capOf('retention.jsonlRotatedFiles')) * capOf('retention.jsonlMaxBytes') / 1024;
  return {
    evalsFolders: { bound: keep + 2 * (2 * around + 1), how: `keepCheckpoints ${keep} + 2 kept names × ${2 * around + 1}` },
    flywheelLogs: { bound: logNames * logFileKb, how: `${logNames} logs × ${fmt(logFileKb, 0)} KiB (1 + logRotatedFiles) × logMaxBytes` },
    // deployments.jsonl, ratings.jsonl and alert_analyses.jsonl.
    statusJsonl: { bound: 3 * jsonlFileKb, how: `3 files × ${fmt(jsonlFileKb, 0)} KiB (1 + jsonlRotatedFiles) × jsonlMaxBytes` },
  };
}

/** The growth rule's verdict, else whether the values stayed within `bound`. */
function orBound(byRule: { levelsOff: boolean; how: string }, values: readonly number[], bound: number, how: string) {
  const bounded = withinBound(values, bound, how);
  return { levelsOff: bounded.levelsOff, how: `${byRule.how}; ${bounded.how}` };
}

/** PASS when no value exceeds `bound`. */
export function withinBound(values: readonly number[], bound: number, how: string): { levelsOff: boolean; how: string } {
  const most = Math.max(...values);
  return { levelsOff: most <= bound, how: `most ${fmt(most, 0)} ${most <= bound ? '≤' : '>'} bound ${bound} (${how})` };
}

/** `judged: false`: the trainer's data (or the demo's own processes'), shown for what it is. */
const MEASURES = {
  redisMemory: { label: 'Redis used_memory', unit: 'KB', judged: true },
  redisKeys: { label: 'Redis keys (DBSIZE)', unit: 'keys', judged: true },
  status: { label: 'status/ folder', unit: 'KB', judged: false },
  statusLessTrainer: { label: 'status/ less training_status.json (trainer)', unit: 'KB', judged: false },
  statusNet: { label: 'status/ less training_status.json, evals/ and JSONL', unit: 'KB', judged: true },
  statusJsonl: { label: 'status/ JSONL files and their copies', unit: 'KB', judged: true },
  evalsFolders: { label: 'status/evals/ checkpoint folders', unit: 'folders', judged: true },
  serving: { label: 'serving/ folder', unit: 'KB', judged: false },
  servingNet: { label: 'serving/ less served trainer_state.json', unit: 'KB', judged: true },
  largestLog: { label: "largest of flywheel's logs", unit: 'KB', judged: true },
  largestStatus: { label: 'largest file under status/', unit: 'KB', judged: false },
  // Not one of the goal's measures: the largest is an evaluation file, as big as its example set
  // (the hard examples the miner adds grow the adversarial set, data the run makes on purpose).
  largestStatusNet: { label: 'largest under status/ but training_status.json', unit: 'KB', judged: false },
  logs: { label: 'logs/ folder (with simulator, Redis)', unit: 'KB', judged: false },
  flywheelLogs: { label: "logs/ flywheel's <name>.log(.N)", unit: 'KB', judged: true },
  flywheelLogNames: { label: "logs/ flywheel's log names", unit: 'logs', judged: false },
  redisDir: { label: "Redis's folder (AOF)", unit: 'KB', judged: true },
  currentModel: { label: 'current_model/ (trainer; sync.pruneLocal)', unit: 'KB', judged: false },
  currentModelNet: { label: 'current_model/ less trainer_state.json', unit: 'KB', judged: false },
  queue: { label: "queue/ (trainer's processed/ kept)", unit: 'KB', judged: false },
} as const;
type MeasureId = keyof typeof MEASURES;

interface Sample {
  checkpoint: number;
  values: Record<MeasureId, number>;
  largestLog: string;
  largestStatus: string;
  largestStatusNet: string;
}

async function sample(demo: Demo, redis: Redis, checkpoint: number): Promise<Sample> {
  const memory = /^used_memory:(\d+)/m.exec(await redis.info('memory'))?.[1];
  const keys = await redis.dbsize();
  const folder = async (name: string) => listFiles(path.join(demo.dir, name));
  const [status, serving, logs, redisDir, currentModel, queue] = await Promise.all(['status', 'serving', 'logs', 'redis', 'current_model', 'queue'].map(folder));
  // The demo's own processes (simulator, Redis) and stderr files are not flywheel's to rotate.
  const ours = logs!.filter((f) => /^[a-z-]+\.log(\.\d+)?$/.test(f.path) && !/^(simulator|simulator-server|redis)\.log/.test(f.path));
  const log = largestFile(ours);
  const trainerState = serving!.filter((f) => /(^|\/)trainer_state\.json$/.test(f.path));
  const statusFile = largestFile(status!);
  // The trainer's file and its in-flight copies (the status store writes `.<name>.<pid>.<hex>.tmp`, then renames).
  const isTrainerStatus = (f: { path: string }) => /^\.?training_status\.json(\.\d+\.[0-9a-f]+\.tmp)?$/.test(f.path);
  const trainerStatus = status!.filter(isTrainerStatus);
  const statusOther = largestFile(status!.filter((f) => !isTrainerStatus(f)));
  const modelState = currentModel!.filter((f) => /(^|\/)trainer_state\.json$/.test(f.path));
  const evals = status!.filter((f) => f.path.startsWith('evals/'));
  const jsonl = status!.filter((f) => JSONL_FILE.test(f.path));
  const evalsFolders = new Set(evals.map((f) => /^evals\/(checkpoint-\d+)\//.exec(f.path)?.[1]).filter(Boolean)).size;
  return {
    checkpoint,
    values: {
      redisMemory: kb(Number(memory)),
      redisKeys: keys,
      status: kb(totalBytes(status!)),
      statusLessTrainer: kb(totalBytes(status!) - totalBytes(trainerStatus)),
      statusNet: kb(totalBytes(status!) - totalBytes(trainerStatus) - totalBytes(evals) - totalBytes(jsonl)),
      statusJsonl: kb(totalBytes(jsonl)),
      evalsFolders,
      largestStatusNet: kb(statusOther.bytes),
      currentModelNet: kb(totalBytes(currentModel!) - totalBytes(modelState)),
      serving: kb(totalBytes(serving!)),
      servingNet: kb(totalBytes(serving!) - totalBytes(trainerState)),
      largestLog: kb(log.bytes),
      largestStatus: kb(statusFile.bytes),
      logs: kb(totalBytes(logs!)),
      flywheelLogs: kb(totalBytes(ours)),
      flywheelLogNames: new Set(ours.map((f) => f.path.replace(/\.log(\.\d+)?$/, ''))).size,
      redisDir: kb(totalBytes(redisDir!)),
      currentModel: kb(totalBytes(currentModel!)),
      queue: kb(totalBytes(queue!)),
    },
    largestLog: log.path,
    largestStatus: statusFile.path,
    largestStatusNet: statusOther.path,
  };
}

/** Keys of Redis and files of status/, serving/ and logs/, by pattern: what grows. */
async function census(demo: Demo, redis: Redis) {
  const files = async (name: string) => (await listFiles(path.join(demo.dir, name))).map((f) => ({ name: `${name}/${f.path}`, bytes: f.bytes }));
  return {
    keys: byPattern(await redisKeys(redis)),
    files: byPattern([...(await files('status')), ...(await files('serving')), ...(await files('logs'))]),
  };
}

/**
 * How far the loop got: checkpoints the evaluator evaluated (its log's "evaluation cached"
 * lines) and deploys (deployments.jsonl lines). Both files rotate (compressed to a few KiB
 * here), so every call reads the current file and its copies and adds what it finds to `seen`:
 * called every sample, nothing rotates away unseen.
 */
async function loopProgress(dir: string, seen: { evaluated: Set<string>; deploys: Map<string, boolean> }) {
  const logs = path.join(dir, 'logs');
  const evaluatorLogs = (await readdir(logs).catch(() => [] as string[])).filter((n) => /^evaluator\.log(\.\d+)?$/.test(n));
  for (const file of evaluatorLogs) {
    for (const line of (await readFile(path.join(logs, file), 'utf8').catch(() => '')).split('\n')) {
      const name = line.includes('"evaluation cached"') ? /"checkpoint":"(checkpoint-\d+)"/.exec(line)?.[1] : undefined;
      if (name) seen.evaluated.add(name);
    }
  }
  const status = path.join(dir, 'status');
  const histories = (await readdir(status).catch(() => [] as string[])).filter((n) => /^deployments\.jsonl(\.\d+)?$/.test(n));
  for (const file of histories) {
    for (const line of (await readFile(path.join(status, file), 'utf8').catch(() => '')).split('\n').filter(Boolean)) {
      try {
        seen.deploys.set(line, (JSON.parse(line) as { success?: boolean }).success === true);
      } catch {
        // a line being written
      }
    }
  }
  return { evaluated: seen.evaluated.size, deploys: seen.deploys.size, succeeded: [...seen.deploys.values()].filter(Boolean).length };
}

/** Of the tolerance: 2 % of the measure's size. */
export const TOLERANCE = 0.02;

/**
 * "≈ 0" over the last window: its least-squares growth over the window adds at most TOLERANCE
 * of its mean (slope × span ≤ 0.02 × mean), or, for a sawtooth a bound cuts back (a rotated
 * log, a rewritten AOF, a trimmed stream), the peak of the window's second half is at most
 * TOLERANCE above the peak of its first half: a bounded sawtooth's slope depends on where the
 * window cuts its teeth, its peak does not.
 */
export function judge(points: readonly Point[]): { levelsOff: boolean; how: string } {
  const slope = leastSquaresSlope(points);
  const mean = points.reduce((s, p) => s + p.y, 0) / points.length;
  const span = points.length ? points.at(-1)!.x - points[0]!.x : 0;
  const growth = slope * span;
  if (growth <= TOLERANCE * mean) return { levelsOff: true, how: `slope × ${span} = ${fmt(growth, 1)} ≤ 2 % of mean ${fmt(mean, 1)}` };
  const mid = points[0]!.x + span / 2;
  const peak = (list: readonly Point[]) => Math.max(...list.map((p) => p.y));
  const before = peak(points.filter((p) => p.x < mid));
  const after = peak(points.filter((p) => p.x >= mid));
  if (after <= before * (1 + TOLERANCE)) return { levelsOff: true, how: `peak ${fmt(after, 1)} ≤ 1.02 × earlier peak ${fmt(before, 1)}` };
  // A store whose files are rewritten whole each pass (the status JSONs) moves up and down with
  // their content: no growth the samples can tell from that noise is no growth. Successive
  // samples are correlated, which makes this standard error too small: the test errs towards FAIL.
  const se = slopeStandardError(points, slope);
  if (slope - 2 * se <= 0) return { levelsOff: true, how: `slope ${fmt(slope, 3)} within 2 standard errors (${fmt(se, 3)}) of 0` };
  return { levelsOff: false, how: `slope × ${span} = ${fmt(growth, 1)} > 2 % of mean ${fmt(mean, 1)}; peak ${fmt(after, 1)} > 1.02 × ${fmt(before, 1)}; slope ${fmt(slope, 3)} > 2 standard errors (${fmt(se, 3)})` };
}

export interface MeasureResult {
  label: string;
  unit: string;
  /** Growth per checkpoint (least-squares slope) over the first 100 checkpoints: the baseline. */
  firstSlope: number;
  /** The same over the last 100: the goal is ≈ 0. */
  lastSlope: number;
  /** lastSlope / firstSlope. */
  ratio: number;
  end: number;
  /** PASS of "≈ 0" (see judge). */
  levelsOff: boolean;
}

export interface SoakResult {
  checkpoints: number;
  measures: Record<MeasureId, MeasureResult>;
  requests: { api: number; gateway: number };
  failed: { api: number; gateway: number };
  failures: string[];
  growing: string[];
}

export async function soakBench(): Promise<SoakResult> {
  const target = Math.round(envNumber('BENCH_SOAK_CHECKPOINTS', 200));
  const saveEvery = envNumber('BENCH_SOAK_SAVE_EVERY', 2);
  // Default: the lifetime of 50 checkpoints, so the last 100 see the bound at work.
  const evalTtlSeconds = Math.round(envNumber('BENCH_SOAK_EVAL_TTL_SECONDS', 50 * saveEvery));
  const decaySteps = Math.round(envNumber('BENCH_SOAK_DECAY_STEPS', 6000));
  if (target < 2 * WINDOW) throw new Error(`BENCH_SOAK_CHECKPOINTS: at least ${2 * WINDOW} (two windows of ${WINDOW}), got ${target}`);
  requireBuiltApps();

  const { dir, remove } = await tempDir('bench-soak');
  const demo = await startDemo(dir, saveEvery, target, evalTtlSeconds, decaySteps);
  const redis = new Redis(`redis://flywheel:${demo.redisPassword}@127.0.0.1:${demo.ports.redis}`, { lazyConnect: true, maxRetriesPerRequest: 2 });
  const records: RequestRecord[] = [];
  const seen = { evaluated: new Set<string>(), deploys: new Map<string, boolean>() };
  let stopped = false;
  let traffic: Promise<unknown> = Promise.resolve();
  try {
    const api = (route: string) => demoApi(demo, route);
    const whileUp = whileUpOf(demo);
    // Up: every daemon alive, then a first successful deployment (the gateway has its upstream).
    await whileUp(untilDaemonsAlive(demo));
    await whileUp(waitFor(async () => (await loopProgress(dir, seen)).succeeded > 0 || undefined, { timeoutMs: 180_000, intervalMs: 1_000, what: 'a first successful deployment' }));
    // Every route has something to serve (llm_health.json comes with the monitor's first pass).
    await whileUp(waitFor(async () => {
      for (const route of API_ROUTES) if (!(await api(route)).ok) return undefined;
      return true;
    }, { timeoutMs: 180_000, intervalMs: 2_000, what: `every route answering 2xx (${API_ROUTES.join(' ')})` }));
    await redis.connect();

    let checkpoint = await savedCheckpoints(dir);
    const record = (r: RequestRecord) => records.push(r);
    traffic = Promise.all([
      // The API: 4 requests a second, cycling through the read routes the dashboard uses.
      steadyTraffic(250, () => stopped, async (i) => {
        const route = API_ROUTES[i % API_ROUTES.length]!;
        record(await timed('api', route, checkpoint, async () => {
          const res = await api(route);
          const body = await res.text();
          return res.ok ? null : `${res.status} ${body.slice(0, 120)}`;
        }));
      }),
      // The gateway: 2 chat completions a second, every fourth one streamed.
      steadyTraffic(500, () => stopped, async (i) => {
        const stream = i % 4 === 3;
        record(await timed('gateway', stream ? 'chat (stream)' : 'chat', checkpoint, async () => {
          const res = await fetch(`http://127.0.0.1:${demo.ports.gateway}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ messages: [{ role: 'user', content: PROMPTS[i % PROMPTS.length] }], max_tokens: 32, stream }),
            signal: AbortSignal.timeout(30_000),
          });
          const body = await res.text();
          if (!res.ok) return `${res.status} ${body.slice(0, 120)}`;
          if (stream && !body.trimEnd().endsWith('data: [DONE]')) return `stream ended without [DONE]: …${body.slice(-120)}`;
          return null;
        }));
      }),
    ]);

    const samples: Sample[] = [];
    let censusBefore: Awaited<ReturnType<typeof census>> | null = null;
    let progressBefore = await loopProgress(dir, seen);
    const lastWindowFrom = target - WINDOW;
    let lastReport = Date.now();
    while (checkpoint < target) {
      await whileUp(new Promise((r) => setTimeout(r, 500)));
      const now = await savedCheckpoints(dir);
      if (now === checkpoint && samples.length) continue;
      checkpoint = now;
      samples.push(await sample(demo, redis, checkpoint));
      await loopProgress(dir, seen);
      if (!censusBefore && checkpoint >= lastWindowFrom) {
        censusBefore = await census(demo, redis);
        progressBefore = await loopProgress(dir, seen);
      }
      if (Date.now() - lastReport > 60_000) {
        lastReport = Date.now();
        const failed = records.filter((r) => r.failure).length;
        console.log(`  soak: checkpoint ${checkpoint}/${target}, ${records.length} requests (${failed} failed)`);
      }
    }
    stopped = true;
    await traffic;
    const censusAfter = await census(demo, redis);
    const progressAfter = await loopProgress(dir, seen);

    // ---- figures ----
    const inWindow = (from: number, to: number) => samples.filter((s) => s.checkpoint >= from && s.checkpoint <= to);
    const first = inWindow(0, WINDOW);
    const last = inWindow(checkpoint - WINDOW, checkpoint);
    const measures = {} as Record<MeasureId, MeasureResult>;
    const rows: Record<string, string> = {};
    const growing: string[] = [];
    const bounds = configuredBounds(Math.max(...samples.map((s) => s.values.flywheelLogNames)));
    for (const id of Object.keys(MEASURES) as MeasureId[]) {
      const points = (list: Sample[]) => list.map((s) => ({ x: s.checkpoint, y: s.values[id] }));
      const firstSlope = leastSquaresSlope(points(first));
      const lastSlope = leastSquaresSlope(points(last));
      const end = samples.at(-1)!.values[id];
      // status/evals/ keeps a set of checkpoints that moves with the champion (a sawtooth as long as
      // the time between promotions): judged by its bound, at every sample of the run.
      // A rotated file set is a sawtooth until every file in it has turned over once: judged by the
      // growth rule or, failing that, by its configured bound at every sample.
      const byRule = judge(last.map((p) => ({ x: p.checkpoint, y: p.values[id] })));
      const all = samples.map((s) => s.values[id]);
      const { levelsOff, how } =
        id === 'evalsFolders' ? withinBound(all, bounds.evalsFolders.bound, bounds.evalsFolders.how)
        : (id === 'flywheelLogs' || id === 'statusJsonl') && !byRule.levelsOff ? orBound(byRule, all, bounds[id].bound, bounds[id].how)
        : byRule;
      measures[id] = { label: MEASURES[id].label, unit: MEASURES[id].unit, firstSlope, lastSlope, ratio: lastSlope / firstSlope, end, levelsOff };
      const pathOf = (s: Sample) => (id === 'largestLog' ? s.largestLog : id === 'largestStatus' ? s.largestStatus : id === 'largestStatusNet' ? s.largestStatusNet : null);
      const peak = last.reduce((a, b) => (b.values[id] > a.values[id] ? b : a), last[0]!);
      const where = pathOf(samples.at(-1)!) === null ? '' : ` (${pathOf(samples.at(-1)!)}; peak of the last ${WINDOW} ${fmt(peak.values[id], 1)} ${MEASURES[id].unit} ${pathOf(peak)})`;
      rows[MEASURES[id].label] =
        `${fmt(lastSlope, 3).padStart(10)} vs ${fmt(firstSlope, 3).padStart(10)} ${MEASURES[id].unit}/ckpt  ` +
        `(${fmt(lastSlope / firstSlope)} ×)  end ${fmt(end, 1)} ${MEASURES[id].unit}${where}  ${!MEASURES[id].judged ? `(trainer's or the demo's; not judged: ${how})` : levelsOff ? `PASS (${how})` : `FAIL (${how})`}`;
      if (MEASURES[id].judged && !levelsOff) growing.push(`${MEASURES[id].label}${where}: +${fmt(lastSlope, 3)} ${MEASURES[id].unit}/checkpoint over the last ${WINDOW}`);
    }
    const apiRecords = records.filter((r) => r.target === 'api');
    const gatewayRecords = records.filter((r) => r.target === 'gateway');
    const failures = records.filter((r) => r.failure);
    const median = (list: RequestRecord[]) => [...list].map((r) => r.ms).sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? NaN;
    const latency = (list: RequestRecord[]) => {
      const a = median(list.filter((r) => r.checkpoint <= WINDOW));
      const b = median(list.filter((r) => r.checkpoint >= checkpoint - WINDOW));
      return `${fmt(b, 1)} ms vs ${fmt(a, 1)} ms (${fmt(b / a)} ×)`;
    };
    const failureKinds = new Map<string, number>();
    for (const r of failures) failureKinds.set(`${r.target} ${r.what}: ${r.failure}`, (failureKinds.get(`${r.target} ${r.what}: ${r.failure}`) ?? 0) + 1);

    const served = (await readdir(path.join(dir, 'serving', 'checkpoints')).catch(() => [] as string[])).filter((n) => /^checkpoint-\d+$/.test(n));
    printResult('soak: bounds compressed for the run (setting: soak value, production default)', {
      'evaluation.redisTtlSeconds': `${evalTtlSeconds} (604800)`,
      'gateway.requestTtlSeconds': `${evalTtlSeconds} (86400)`,
      ...Object.fromEntries(COMPRESSED_CAPS.map((c) => [c.setting, `${c.value} (${c.production})`])),
      'simulated model': `no regression, decay ${decaySteps} steps (demo: regresses at 600, decay 400)`,
    });
    printResult(`soak: ${checkpoint} checkpoints, one every ${saveEvery} s, keep 3; growth per checkpoint, last ${WINDOW} vs first ${WINDOW} (baseline; goal ≈ 0)`, {
      ...rows,
      'note': "trainer_state.json (the trainer's log_history, one copy per kept checkpoint) and training_status.json grow with the run (the trainer's; flywheel copies them, never trims them), queue/processed/ is the trainer's too: the rows net of them are judged",
      'serving/checkpoints/ copies at the end': `${served.length} (deploy.keepServed 3): ${served.join(' ')}`,
      'loop: checkpoints evaluated': `${progressAfter.evaluated} (${progressAfter.evaluated - progressBefore.evaluated} in the last ${WINDOW})`,
      'loop: deploys (succeeded)': `${progressAfter.deploys} (${progressAfter.succeeded}); ${progressAfter.deploys - progressBefore.deploys} in the last ${WINDOW}`,
      'API requests failed': `${failures.filter((r) => r.target === 'api').length} of ${apiRecords.length}`,
      'gateway requests failed': `${failures.filter((r) => r.target === 'gateway').length} of ${gatewayRecords.length}`,
      'verdict': `${growing.length === 0 && failures.length === 0 ? 'PASS' : 'FAIL'}: ${growing.length} measure(s) grow, ${failures.length} request(s) failed`,
      'API median latency, last vs first': latency(apiRecords),
      'gateway median latency, last vs first': latency(gatewayRecords),
    });
    const shownFailures = [...failureKinds].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([what, n]) => `${n} × ${what}`);
    if (shownFailures.length) printResult('failed requests (by kind)', Object.fromEntries(shownFailures.map((line, i) => [`#${i + 1}`, line])));
    if (censusBefore) {
      const keyRows = grownPatterns(censusBefore.keys, censusAfter.keys);
      printResult(`Redis key patterns that grew over the last ${WINDOW} checkpoints (count, MEMORY USAGE)`, Object.fromEntries(keyRows.map((r) => [r.pattern, `+${r.count} keys, +${fmt(kb(r.bytes), 1)} KB (now ${r.countNow} keys, ${fmt(kb(r.bytesNow), 1)} KB)`])));
      const fileRows = grownPatterns(censusBefore.files, censusAfter.files);
      printResult(`file patterns that grew over the last ${WINDOW} checkpoints (status/, serving/, logs/)`, Object.fromEntries(fileRows.map((r) => [r.pattern, `+${r.count} files, +${fmt(kb(r.bytes), 1)} KB (now ${r.countNow} files, ${fmt(kb(r.bytesNow), 1)} KB)`])));
    }
    return {
      checkpoints: checkpoint,
      measures,
      requests: { api: apiRecords.length, gateway: gatewayRecords.length },
      failed: { api: failures.filter((r) => r.target === 'api').length, gateway: failures.filter((r) => r.target === 'gateway').length },
      failures: shownFailures,
      growing,
    };
  } finally {
    stopped = true;
    await traffic.catch(() => undefined);
    redis.disconnect();
    await demo.stop();
    if (process.env['BENCH_SOAK_KEEP_DIR'] === '1') console.log(`  soak: demo folder kept: ${dir}`);
    else await remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await soakBench();
  process.exit(0);
}
