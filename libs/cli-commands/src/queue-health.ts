import type { FlywheelConfig } from '@flywheel/config';
import { DAEMON_NAMES, type DaemonName, QUEUE_CLIENT_OPTIONS, redisNamespace } from '@flywheel/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { numberFlag, type CommandArgs } from './command-args.js';
import { configFor, type CliContext } from './command-spec.js';
import { formatAge, formatBytes, table } from './format.js';
import { connectOptionalRedis, quitQuietly } from './optional-redis.js';

/** The training-queue folders (docs/data-loop.md): waiting batches, correction examples, quarantined lines. */
export const QUEUE_FOLDERS = ['normal', 'corrections', 'rejected'] as const;
export type QueueFolder = (typeof QUEUE_FOLDERS)[number];

export interface QueueFolderHealth {
  folder: QueueFolder;
  path: string;
  exists: boolean;
  /** `*.jsonl` files (temp files, dot-files and anything else are not waiting data). */
  files: number;
  bytes: number;
  oldest_file: string | null;
  /** Age of the oldest file by its modification time. */
  oldest_age_seconds: number | null;
}

export type JobCounts = Record<'waiting' | 'active' | 'delayed' | 'prioritized' | 'failed' | 'completed', number>;

export interface QueueHealth {
  verdict: 'healthy' | 'low' | 'stuck';
  reasons: string[];
  min_files: number;
  stuck_after_seconds: number;
  folders: QueueFolderHealth[];
  /** BullMQ job counts per daemon queue; null when Redis could not be read (`redis_error` says why). */
  daemon_queues: Record<DaemonName, JobCounts> | null;
  redis_error?: string;
}

/** Counts, bytes and the oldest `*.jsonl` file of one queue folder; a missing folder counts as empty. */
export async function scanQueueFolder(queueDir: string, folder: QueueFolder, now: Date): Promise<QueueFolderHealth> {
  const dir = path.join(queueDir, folder);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.jsonl') && !n.startsWith('.'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return { folder, path: dir, exists: false, files: 0, bytes: 0, oldest_file: null, oldest_age_seconds: null };
  }
  let files = 0;
  let bytes = 0;
  let oldest: { name: string; mtimeMs: number } | null = null;
  for (const name of names) {
    // A file the trainer takes between readdir and stat is simply gone.
    const info = await stat(path.join(dir, name)).catch(() => null);
    if (!info?.isFile()) continue;
    files += 1;
    bytes += info.size;
    if (!oldest || info.mtimeMs < oldest.mtimeMs) oldest = { name, mtimeMs: info.mtimeMs };
  }
  return {
    folder, path: dir, exists: true, files, bytes,
    oldest_file: oldest?.name ?? null,
    oldest_age_seconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.mtimeMs) / 100) / 10) : null,
  };
}

/** Every daemon queue's job counts (queue names are the daemon names of libs/contracts). */
export async function daemonQueueCounts(redis: Redis, run: string): Promise<Record<DaemonName, JobCounts>> {
  const prefix = redisNamespace(run).queuePrefix;
  const entries = await Promise.all(
    DAEMON_NAMES.map(async (daemon) => {
      const queue = new Queue(daemon, { connection: redis, prefix, ...QUEUE_CLIENT_OPTIONS });
      try {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed');
        return [daemon, counts as JobCounts] as const;
      } finally {
        await queue.close();
      }
    }),
  );
  return Object.fromEntries(entries) as Record<DaemonName, JobCounts>;
}

/**
 * The verdict on `queue/normal/`, what the trainer eats: `stuck` when its oldest file has waited
 * longer than `stuckAfterSeconds` (the trainer is not taking files), `low` when fewer than
 * `minFiles` wait (data generation is not keeping up), else `healthy`. Stuck wins when both hold.
 */
export function queueVerdict(normal: QueueFolderHealth, minFiles: number, stuckAfterSeconds: number): Pick<QueueHealth, 'verdict' | 'reasons'> {
  const reasons: string[] = [];
  const stuck = normal.oldest_age_seconds !== null && normal.oldest_age_seconds > stuckAfterSeconds;
  if (stuck) {
    reasons.push(`oldest file ${normal.oldest_file} has waited ${formatAge(normal.oldest_age_seconds)} (> ${formatAge(stuckAfterSeconds)}): is the trainer taking files?`);
  }
  const low = normal.files < minFiles;
  if (low) reasons.push(`${normal.files} file(s) waiting in queue/normal (fewer than --min-files ${minFiles}): is data-generation running?`);
  return { verdict: stuck ? 'stuck' : low ? 'low' : 'healthy', reasons };
}

export async function queueHealth(config: FlywheelConfig, stuckAfterSeconds: number, now: Date): Promise<QueueHealth> {
  const folders = await Promise.all(QUEUE_FOLDERS.map((f) => scanQueueFolder(config.paths.queueDir, f, now)));
  const connection = await connectOptionalRedis(config.redis);
  let daemonQueues: QueueHealth['daemon_queues'] = null;
  let redisError = connection.error ?? undefined;
  try {
    if (connection.redis) daemonQueues = await daemonQueueCounts(connection.redis, config.run);
  } catch (error) {
    redisError = `cannot read the daemon queues: ${(error as Error).message}`;
  } finally {
    await quitQuietly(connection.redis);
  }
  return {
    ...queueVerdict(folders[0]!, config.minFiles, stuckAfterSeconds),
    min_files: config.minFiles,
    stuck_after_seconds: stuckAfterSeconds,
    folders,
    daemon_queues: daemonQueues,
    ...(redisError ? { redis_error: redisError } : {}),
  };
}

export function formatQueueHealth(health: QueueHealth): string {
  const lines = [
    table(
      ['FOLDER', 'FILES', 'SIZE', 'OLDEST', 'AGE'],
      health.folders.map((f) => [`queue/${f.folder}`, f.exists ? String(f.files) : 'missing', formatBytes(f.bytes), f.oldest_file ?? '-', formatAge(f.oldest_age_seconds)]),
    ),
    '',
  ];
  if (health.daemon_queues) {
    const rows = Object.entries(health.daemon_queues).map(([daemon, c]) => [
      daemon, String(c.waiting + c.prioritized), String(c.active), String(c.delayed), String(c.failed), String(c.completed),
    ]);
    lines.push(table(['DAEMON QUEUE', 'WAITING', 'ACTIVE', 'DELAYED', 'FAILED', 'COMPLETED'], rows), '');
  } else {
    lines.push(`daemon queues: unknown (${health.redis_error})`, '');
  }
  lines.push(`verdict: ${health.verdict}`);
  for (const reason of health.reasons) lines.push(`  - ${reason}`);
  return lines.join('\n') + '\n';
}

/** `flywheel queueHealth` once its arguments are parsed (see queue-health-command.ts). */
export async function queueHealthMain(args: CommandArgs, { io }: CliContext): Promise<number> {
  const config = configFor('queue-health', args, io);
  const stuckAfter = numberFlag('queue-health', args, 'stuck-after', 1) ?? 3600;
  const health = await queueHealth(config, stuckAfter, io.now());
  io.stdout(args.values['json'] ? JSON.stringify(health, null, 2) + '\n' : formatQueueHealth(health));
  return health.verdict === 'healthy' ? 0 : 1;
}
