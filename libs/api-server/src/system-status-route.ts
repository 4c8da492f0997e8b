import type { DaemonName, StatusId } from '@flywheel/contracts';
import { readHeartbeats, type HeartbeatEntry, type StatusRead, type StatusStore } from '@flywheel/status-store';
import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { sharedSnapshot } from './shared-snapshot.js';
import { isStatusPlugin, type ApiPlugin } from './plugin.js';
import { summarizeSystem, type SystemStatus } from './system-status.js';

export interface SystemStatusRouteOptions {
  statusStore: StatusStore;
  redis?: Redis;
  run: string;
  staleFactor: number;
  staleAfterSeconds: number;
  plugins: readonly ApiPlugin[];
  now: () => Date;
  /** An answer younger than this is served again instead of reading anew (0: every request reads). @defaultValue 1000 */
  snapshotMs?: number;
}

/** `GET /api/status`: every status plugin's file and every daemon's heartbeat, summarised. */
export function systemStatusHandler(options: SystemStatusRouteOptions): RequestHandler {
  const statusPlugins = options.plugins.filter(isStatusPlugin);
  // The answer itself is shared for `snapshotMs`: a dashboard polling every second and a
  // Prometheus scrape cost one set of reads, and `generated_at` says when it was made.
  const snapshot = sharedSnapshot(async () => {
    const [reads, heartbeats] = await Promise.all([
      Promise.all(statusPlugins.map(async (p) => [p.statusId, await options.statusStore.read(p.statusId)] as const)),
      loadHeartbeats(options.redis, options.run),
    ]);
    return summarizeSystem({
      run: options.run,
      // Taken after the reads, so a status written a moment ago never has a negative age.
      now: options.now(),
      staleFactor: options.staleFactor,
      staleAfterSeconds: options.staleAfterSeconds,
      plugins: statusPlugins,
      reads: Object.fromEntries(reads) as Partial<Record<StatusId, StatusRead>>,
      ...heartbeats,
    });
  }, options.snapshotMs ?? 1_000);
  return async (_req, res) => {
    res.json(await snapshot());
  };
}

async function loadHeartbeats(
  redis: Redis | undefined,
  run: string,
): Promise<{ heartbeats: Record<DaemonName, HeartbeatEntry> | null; redis: SystemStatus['redis'] }> {
  if (!redis) return { heartbeats: null, redis: { configured: false, ok: false } };
  try {
    return { heartbeats: await readHeartbeats(redis, run), redis: { configured: true, ok: true } };
  } catch (error) {
    // Status files still show without Redis; the daemons then show as not alive, and why.
    return { heartbeats: null, redis: { configured: true, ok: false, error: (error as Error).message } };
  }
}
