import { DEFAULT_PLUGINS, isStatusPlugin, summarizeSystem, type SystemStatus } from '@flywheel/api-server';
import type { FlywheelConfig } from '@flywheel/config';
import type { StatusId } from '@flywheel/contracts';
import { createStatusStore, readHeartbeats, type StatusRead } from '@flywheel/status-store';
import { pino } from 'pino';
import { ApiError, apiReadTokenOf, defaultApiUrl, getApiJson } from './api-client.js';
import { stringFlag, type CommandArgs } from './command-args.js';
import { configFor, type CliContext } from './command-spec.js';
import { formatAge, table } from './format.js';
import { connectOptionalRedis, quitQuietly } from './optional-redis.js';

/** What `flywheel status` shows, and where it came from. */
export interface StatusReport {
  source: 'api' | 'files';
  /** The API asked first. */
  apiUrl: string;
  /** Why the API's answer was not used (source `files`). */
  apiError?: string;
  status: SystemStatus;
}

/**
 * The system's status: `GET /api/status` from the API; when the API cannot be reached, the same
 * summary worked out here from the status files (and the heartbeats, when Redis answers), with
 * the reason the API was not used.
 */
export async function systemStatus(config: FlywheelConfig, apiUrl: string, now: () => Date = () => new Date()): Promise<StatusReport> {
  try {
    const status = (await getApiJson(apiUrl, '/api/status', undefined, apiReadTokenOf(config))) as SystemStatus;
    if (typeof status !== 'object' || status === null || !('statuses' in status) || !('daemons' in status)) {
      throw new ApiError(`API ${apiUrl}/api/status answered something that is not a system status`, 200, status);
    }
    return { source: 'api', apiUrl, status };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { source: 'files', apiUrl, apiError: error.message, status: await statusFromFiles(config, now) };
  }
}

/** `/api/status`'s summary computed in this process from `<statusDir>` and Redis (the API's own function). */
export async function statusFromFiles(config: FlywheelConfig, now: () => Date = () => new Date()): Promise<SystemStatus> {
  const connection = await connectOptionalRedis(config.redis);
  try {
    const logger = pino({ level: 'silent' });
    const statusStore = createStatusStore({ statusDir: config.paths.statusDir, run: config.run, redis: connection.redis ?? undefined, logger });
    const plugins = DEFAULT_PLUGINS.filter(isStatusPlugin);
    const reads = await Promise.all(plugins.map(async (p) => [p.statusId, await statusStore.read(p.statusId)] as const));
    let heartbeats = null;
    let redis: SystemStatus['redis'] = { configured: true, ok: false, error: connection.error ?? undefined };
    if (connection.redis) {
      try {
        heartbeats = await readHeartbeats(connection.redis, config.run);
        redis = { configured: true, ok: true };
      } catch (error) {
        redis = { configured: true, ok: false, error: (error as Error).message };
      }
    }
    return summarizeSystem({
      run: config.run,
      now: now(),
      staleFactor: config.api.staleFactor,
      staleAfterSeconds: config.api.staleAfterSeconds,
      plugins,
      reads: Object.fromEntries(reads) as Partial<Record<StatusId, StatusRead>>,
      heartbeats,
      redis,
    });
  } finally {
    await quitQuietly(connection.redis);
  }
}

/** 1 when any status file is in error (unreadable, invalid), else 0. */
export function statusExitCode(status: SystemStatus): number {
  return Object.values(status.statuses).some((s) => s?.state === 'error') ? 1 : 0;
}

/** The report as two tables: status files (state, age) and daemons (alive, last beat). */
export function formatStatusReport(report: StatusReport, now: Date): string {
  const { status } = report;
  const lines: string[] = [];
  lines.push(
    report.source === 'api'
      ? `flywheel status: run "${status.run}", from the API at ${report.apiUrl}`
      : `flywheel status: run "${status.run}", read from the status files directly: ${report.apiError}`,
  );
  lines.push('');
  const statusRows = Object.entries(status.statuses).map(([id, s]) => [
    id,
    s!.file,
    s!.state,
    formatAge(s!.age_seconds),
    s!.writer ?? 'trainer',
    s!.error ?? s!.warning ?? '',
  ]);
  lines.push(table(['STATUS', 'FILE', 'STATE', 'AGE', 'WRITER', 'NOTE'], statusRows));
  lines.push('');
  const daemonRows = Object.entries(status.daemons).map(([name, d]) => {
    const beat = d.heartbeat;
    const beatAge = beat ? (now.getTime() - Date.parse(beat.beatAt)) / 1000 : null;
    const lastJob = beat?.lastJob ? `${beat.lastJob.ok ? 'ok' : 'failed'} ${formatAge((now.getTime() - Date.parse(beat.lastJob.finishedAt)) / 1000)} ago` : '-';
    return [
      name,
      d.alive ? 'alive' : 'down',
      beat ? `${formatAge(beatAge)} ago` : '-',
      beat ? beat.state : '-',
      beat ? (beat.intervalSeconds === null ? 'events' : `${beat.intervalSeconds}s`) : '-',
      lastJob,
      d.error ?? (beat?.lastJob?.error ? beat.lastJob.error : ''),
    ];
  });
  lines.push(table(['DAEMON', 'ALIVE', 'LAST BEAT', 'STATE', 'EVERY', 'LAST JOB', 'NOTE'], daemonRows));
  lines.push('');
  const redis = status.redis.ok ? 'ok' : status.redis.configured ? `unavailable (${status.redis.error ?? 'unknown'})` : 'not configured';
  const errors = Object.values(status.statuses).filter((s) => s?.state === 'error').length;
  lines.push(`redis: ${redis}`);
  lines.push(errors === 0 ? 'ok: no status file is in error' : `${errors} status file(s) in error`);
  const nothing = Object.values(status.statuses).every((s) => s?.state === 'missing') && Object.values(status.daemons).every((d) => !d.alive);
  if (nothing) lines.push('no status file and no live daemon: is flywheel running for this --base-dir and --run?');
  return lines.join('\n') + '\n';
}

/** `flywheel status` once its arguments are parsed (see status-command.ts). */
export async function statusMain(args: CommandArgs, { io }: CliContext): Promise<number> {
  const config = configFor('status', args, io);
  const apiUrl = stringFlag('status', args, 'api') ?? defaultApiUrl(config);
  const report = await systemStatus(config, apiUrl, io.now);
  if (args.values['json']) {
    if (report.source === 'files') io.stderr(`flywheel status: ${report.apiError}; read the status files directly\n`);
    io.stdout(JSON.stringify(report.status, null, 2) + '\n');
  } else {
    io.stdout(formatStatusReport(report, io.now()));
  }
  return statusExitCode(report.status);
}
