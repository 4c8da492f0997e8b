import {
  createPerformanceTracker,
  performanceFilePath,
  performanceRouter,
  readTrackerSnapshot,
  type BlacklistPolicy,
  type RequestCriterion,
  type PerformanceTracker,
  type TrackerSnapshot,
  type Upstream,
} from '@flywheel/gateway';
import type { Router } from 'express';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { HttpError } from './errors.js';

/** What the API knows of the gateway's configuration (config `gateway.*`), all optional. */
export interface GatewayPerformanceOptions {
  /** The gateway's upstreams in order (`upstreamsFromConfig(config)`): their order breaks ranking ties, their cost ranks by "cost". */
  upstreams?: readonly Upstream[];
  /** The gateway's criterion (config `gateway.criterion`), the default of the rankings. @defaultValue "speed" */
  criterion?: RequestCriterion;
  /** The gateway's blacklist policy (config `gateway.blacklistFailures`, `blacklistBaseSeconds`). */
  blacklist?: BlacklistPolicy;
}

/** The gateway's performance as of its last saved snapshot, seen at the API's clock. */
export interface GatewayPerformance {
  file: string;
  snapshot: TrackerSnapshot;
  /** A tracker restored from the snapshot; blacklistings are judged at the API's clock. */
  tracker: PerformanceTracker;
  /** Configured upstreams in order, then models only the snapshot knows (base URL ""). */
  upstreams: Upstream[];
  criterion: RequestCriterion;
  /** The gateway's own performance routes over `tracker` (libs/gateway's `performanceRouter`). */
  router: Router;
}

/** Reads the gateway's performance snapshot (`<statusDir>/gateway_performance.json`). */
export interface GatewayPerformanceReader {
  readonly file: string;
  /**
   * The snapshot as it is on disk now (parsed again only when the file changed).
   * @throws HttpError 404 before the gateway first saved it, 500 naming the file and the problem when it cannot be read
   */
  read(): Promise<GatewayPerformance>;
}

/** Its default blacklist policy, for a tracker that only answers questions (it records nothing). */
const DEFAULT_POLICY: BlacklistPolicy = { failures: 3, baseMs: 3_600_000 };

/**
 * The API's view of the gateway's performance. The gateway (another process, maybe restarted
 * since) saves its tracker every `gateway.saveSeconds`; the API restores that snapshot into a
 * tracker of its own and answers with the gateway's own route code, so both serve one shape.
 */
export function createGatewayPerformanceReader(statusDir: string, options: GatewayPerformanceOptions, now: () => Date): GatewayPerformanceReader {
  const file = performanceFilePath(statusDir);
  const configured = options.upstreams ?? [];
  const criterion = options.criterion ?? 'speed';
  let cached: { key: string; value: GatewayPerformance } | undefined;

  const load = async (): Promise<GatewayPerformance> => {
    let key: string;
    try {
      const info = await stat(file);
      // The gateway replaces the file by rename: a new inode, mtime or size means a new snapshot.
      key = `${info.ino}:${info.mtimeMs}:${info.size}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw notWrittenYet(file);
      throw unreadable(file, error);
    }
    if (cached?.key === key) return cached.value;
    let snapshot: TrackerSnapshot | null;
    try {
      snapshot = await readTrackerSnapshot(file);
    } catch (error) {
      throw unreadable(file, error);
    }
    if (!snapshot) throw notWrittenYet(file);
    const tracker = createPerformanceTracker({ policy: options.blacklist ?? DEFAULT_POLICY, now: () => now().getTime() });
    tracker.restore(snapshot);
    const known = new Set(configured.map((u) => u.name));
    const upstreams = [...configured, ...Object.keys(snapshot.models).filter((m) => !known.has(m)).map((name) => ({ name, baseUrl: '' }))];
    const value = { file, snapshot, tracker, upstreams, criterion, router: performanceRouter({ tracker, upstreams, criterion }) };
    cached = { key, value };
    return value;
  };
  return { file, read: load };
}

/** What every answer built from the snapshot adds: where it is and how old. */
export function snapshotStamp(performance: GatewayPerformance, now: Date) {
  const savedAt = Date.parse(performance.snapshot.saved_at);
  return {
    // Its name in the status folder: where the run lives on disk is not the client's business.
    snapshot_file: path.basename(performance.file),
    snapshot_at: performance.snapshot.saved_at,
    snapshot_age_seconds: Number.isNaN(savedAt) ? null : Math.round(now.getTime() - savedAt) / 1000,
  };
}

function notWrittenYet(file: string): HttpError {
  return new HttpError(404, `the gateway has not written its performance file yet: ${file} (it saves every gateway.saveSeconds while it runs)`, { file });
}

function unreadable(file: string, error: unknown): HttpError {
  const message = error instanceof Error ? error.message : String(error);
  // readTrackerSnapshot's messages start with the file already; fs errors name it in the middle.
  return new HttpError(500, `the gateway's performance file cannot be read: ${message.startsWith(file) ? message : `${file}: ${message}`}`, { file });
}
