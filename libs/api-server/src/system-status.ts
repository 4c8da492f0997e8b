import { DAEMON_NAMES, publicErrorText, STATUS_FILES, type DaemonName, type Heartbeat, type StatusId } from '@flywheel/contracts';
import type { HeartbeatEntry, StatusRead } from '@flywheel/status-store';
import type { StatusPlugin } from './plugin.js';

/** One status file in `GET /api/status`. */
export interface StatusSummary {
  route: string;
  file: string;
  /** `stale`: present but older than `stale_after_seconds`. */
  state: 'present' | 'missing' | 'stale' | 'error';
  last_update: string | null;
  age_seconds: number | null;
  /** The age past which it counts as stale (see `summarizeSystem`). */
  stale_after_seconds: number;
  /** The daemon that writes it; null for the trainer's file. */
  writer: DaemonName | null;
  /** Which copy was read: the local file or the one published to Redis. */
  source?: 'file' | 'redis';
  /** Why the status cannot be used (state `error`). */
  error?: string;
  /** The status is usable but its other copy is broken. */
  warning?: string;
}

/** One daemon in `GET /api/status`. */
export interface DaemonSummary {
  /** It has a valid heartbeat (heartbeats expire three beats after the daemon stops). */
  alive: boolean;
  heartbeat: Heartbeat | null;
  /** Its heartbeat exists but breaks the contract. */
  error?: string;
}

/** The body of `GET /api/status`. */
export interface SystemStatus {
  /** No status file is in the `error` state. */
  ok: boolean;
  run: string;
  generated_at: string;
  statuses: Partial<Record<StatusId, StatusSummary>>;
  daemons: Record<DaemonName, DaemonSummary>;
  /** Where heartbeats came from: `ok`, `not configured` (no Redis), or why Redis could not be read. */
  redis: { configured: boolean; ok: boolean; error?: string };
}

export interface SystemStatusInput {
  run: string;
  now: Date;
  /** A status is stale past this many of its writer's intervals. */
  staleFactor: number;
  /** Staleness age when the writer has no heartbeat or no interval. */
  staleAfterSeconds: number;
  plugins: readonly StatusPlugin[];
  /** What reading each plugin's status gave, by status id. */
  reads: Partial<Record<StatusId, StatusRead>>;
  /** Every daemon's heartbeat entry; null when Redis is not configured or could not be read. */
  heartbeats: Record<DaemonName, HeartbeatEntry> | null;
  redis: SystemStatus['redis'];
}

/**
 * The overview behind `GET /api/status`, as a plain function of what was read.
 * A status is stale when its age exceeds `staleFactor × intervalSeconds` of its writer's
 * heartbeat; without a live writer that has an interval (an event-driven daemon, a stopped
 * one, the trainer), when it exceeds `staleAfterSeconds`.
 */
export function summarizeSystem(input: SystemStatusInput): SystemStatus {
  const heartbeatOf = (daemon: DaemonName | null): Heartbeat | null => {
    const entry = daemon && input.heartbeats ? input.heartbeats[daemon] : undefined;
    return entry?.state === 'alive' ? entry.heartbeat : null;
  };
  const statuses: Partial<Record<StatusId, StatusSummary>> = {};
  for (const plugin of input.plugins) {
    const { file, writer } = STATUS_FILES[plugin.statusId];
    const interval = heartbeatOf(writer)?.intervalSeconds ?? null;
    const staleAfter = interval === null ? input.staleAfterSeconds : input.staleFactor * interval;
    const read = input.reads[plugin.statusId] ?? { state: 'missing' as const, file };
    const base = { route: plugin.route, file, stale_after_seconds: staleAfter, writer };
    if (read.state === 'present') {
      const age = (input.now.getTime() - Date.parse(read.lastUpdate)) / 1000;
      statuses[plugin.statusId] = {
        ...base,
        state: age > staleAfter ? 'stale' : 'present',
        last_update: read.lastUpdate,
        // Milliseconds are noise here; one decimal keeps sub-second writes visible.
        age_seconds: Math.round(age * 10) / 10,
        source: read.source,
        // A read error names the file by its absolute path: the client gets its name only.
        ...(read.otherCopyError ? { warning: publicErrorText(read.otherCopyError) } : {}),
      };
    } else {
      statuses[plugin.statusId] = {
        ...base,
        state: read.state,
        last_update: null,
        age_seconds: null,
        ...(read.state === 'error' ? { error: publicErrorText(read.error) } : {}),
      };
    }
  }
  const daemons = Object.fromEntries(
    DAEMON_NAMES.map((daemon): [DaemonName, DaemonSummary] => {
      const entry = input.heartbeats?.[daemon];
      if (entry?.state === 'alive') return [daemon, { alive: true, heartbeat: entry.heartbeat }];
      if (entry?.state === 'invalid') return [daemon, { alive: false, heartbeat: null, error: entry.error }];
      return [daemon, { alive: false, heartbeat: null }];
    }),
  ) as Record<DaemonName, DaemonSummary>;
  return {
    ok: Object.values(statuses).every((s) => s.state !== 'error'),
    run: input.run,
    generated_at: input.now.toISOString(),
    statuses,
    daemons,
    redis: input.redis,
  };
}
