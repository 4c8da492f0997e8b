import { redisLogFields } from '@flywheel/config';
import { createAnalysisStreamHub, type AnalysisStreamHub } from '@flywheel/alert-analysis';
import { DEFAULT_JSONL_ROTATION, type Rotation, type StatusStore } from '@flywheel/status-store';
import express, { type Express } from 'express';
import type { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import { BULL_BOARD_PATH, lazyBullBoard } from './lazy-bull-board.js';
import { createDaemonQueues } from './daemon-queues.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { createGatewayPerformanceReader, type GatewayPerformanceOptions } from './gateway-performance.js';
import { healthzHandler, readyzHandler } from './health-routes.js';
import { createMetricsRegistry, metricsHandler } from './metrics.js';
import { mountPlugins } from './mount-plugins.js';
import { mutationGuard } from './mutation-guard.js';
import { publicErrorAnswers } from './public-errors.js';
import { readGuard } from './read-guard.js';
import { readSessionRouter } from './read-session-route.js';
import { allowedHostNames, requireAllowedHost } from './allowed-hosts.js';
import { securityHeaders } from './security-headers.js';
import { createPinsStore } from './pins-store.js';
import { defaultProductionSettings, type ProductionSettings } from './production-settings.js';
import type { ApiPlugin, PluginContext } from './plugin.js';
import { DEFAULT_PLUGINS } from './plugins/index.js';
import { staticFilesRouter } from './static-files.js';
import { createStatusEvents, type StatusEvents } from './status-events.js';
import { systemStatusHandler } from './system-status-route.js';

export interface ApiAppOptions {
  statusStore: StatusStore;
  /** The run's Redis: heartbeats for `/api/status`, the PING of `/readyz`, live events, queues. Without it, daemons show as not alive. */
  redis?: Redis;
  run: string;
  /** A status is stale past this many of its writer's intervals (config `api.staleFactor`). */
  staleFactor: number;
  /** Staleness age when the writer has no interval or no heartbeat (config `api.staleAfterSeconds`). */
  staleAfterSeconds: number;
  /** @defaultValue a pino logger on stdout */
  logger?: Logger;
  /** @defaultValue DEFAULT_PLUGINS (the seed's status endpoints and the rest of `docs/api.md`) */
  plugins?: readonly ApiPlugin[];
  /** Clock for ages in `/api/status` and `/metrics`. @defaultValue `() => new Date()` */
  now?: () => Date;
  /** Bearer token of the mutating routes (config `api.token`); without it they all answer 401. Also accepted for reads. */
  token?: string;
  /** Bearer token every read route needs when set (config `api.readToken`); `/healthz`, `/readyz` and the dashboard's files stay open. */
  readToken?: string;
  /** The address the server binds (config `api.host`): answered as a host name unless a wildcard. @defaultValue "127.0.0.1" */
  host?: string;
  /** Host names answered besides the loopback names and `host` (config `api.allowedHosts`); any other `Host` gets 421. @defaultValue [] */
  allowedHosts?: readonly string[];
  /** Clients one event stream serves at once (config `api.maxStreamClients`). @defaultValue 100 */
  maxStreamClients?: number;
  /** Unread bytes after which an event stream client is dropped (config `api.maxStreamBufferBytes`). @defaultValue 1048576 */
  maxStreamBufferBytes?: number;
  /** `checkpoint-<step>/` folders (config `paths.checkpointsDir`), for trainer_state.json. */
  checkpointsDir?: string;
  /** Example sets (config `paths.dataDir`), for the prompts and goldens of `/api/previews`. */
  dataDir?: string;
  /** The training data queue (config `paths.queueDir`); rated corrections go to `<queueDir>/corrections/`. Unset: they are stored but not queued. */
  queueDir?: string;
  /** How the append-only JSONL files (ratings, alert analyses, deployments) are rotated and how much of them is read (config `retention.jsonl*`). @defaultValue the config defaults */
  jsonlRotation?: Rotation;
  /** The nvidia-smi `/api/gpu` runs: a name looked up on PATH or a path (config `api.nvidiaSmi`). @defaultValue "nvidia-smi" */
  nvidiaSmi?: string;
  /** The dashboard's static files, served at `/` (index.html), with uPlot at `/vendor/uplot/`. */
  staticDir?: string;
  /** `/api/status` reads younger than this are shared between requests (0: read every time). @defaultValue 1000 */
  statusSnapshotMs?: number;
  /** Largest JSON body accepted; bigger answers 413. @defaultValue "1mb" */
  bodyLimit?: string | number;
  /**
   * The gateway's configuration (upstreams in order, criterion, blacklist policy) for the
   * `/api/performance` and `/api/evaluations` routes, which read the gateway's snapshot in
   * the status folder. @defaultValue only the models in the snapshot, criterion "speed"
   */
  gateway?: GatewayPerformanceOptions;
  /**
   * The monitor, safety and cost settings that reports and the feedback export follow (price
   * table, `safety.redact`, thresholds). apps/api passes its loaded config.
   * @defaultValue the config file and FLYWHEEL_* variables of the working directory, loaded at first use
   */
  productionSettings?: ProductionSettings;
}

/** The API app, with what it holds open (the status subscription, queues) to close on shutdown. */
export type ApiApp = Express & {
  /** Status publications shared by `/api/events` clients (with Redis). */
  statusEvents?: StatusEvents;
  /** The one reader of the alert analysis stream its SSE clients share (with Redis). */
  analysisStream?: AnalysisStreamHub;
  /** Ends open event streams and closes the status subscription and the queues. Idempotent. */
  closeResources(): Promise<void>;
};

/**
 * The API as an Express app: `/healthz`, `/readyz`, `/api/status`, every plugin's route,
 * `/metrics`, bull-board at `/admin/queues` (with Redis) and the dashboard (with `staticDir`);
 * JSON for every answer, errors and unknown routes included.
 * @throws when two plugins clash (name, route or status) or one takes `/api/status`
 */
export function createApiApp(options: ApiAppOptions): ApiApp {
  const logger = (options.logger ?? pino()).child({ component: 'api-server' });
  const plugins = options.plugins ?? DEFAULT_PLUGINS;
  const now = options.now ?? (() => new Date());
  const guard = mutationGuard(options.token);
  const queues = options.redis ? createDaemonQueues(options.redis, options.run, logger) : undefined;
  const statusEvents = options.redis ? createStatusEvents(options.statusStore, logger) : undefined;
  const streamLimits = { maxClients: options.maxStreamClients ?? 100, maxBufferBytes: options.maxStreamBufferBytes ?? 1_048_576 };
  const analysisStream = options.redis
    ? createAnalysisStreamHub({
        redis: options.redis,
        run: options.run,
        maxClients: streamLimits.maxClients,
        onError: (error) => logger.warn(redisLogFields(error), 'analysis stream: redis error'),
      })
    : undefined;
  const gatewayPerformance = createGatewayPerformanceReader(options.statusStore.statusDir, options.gateway ?? {}, now);
  const context: PluginContext = {
    statusStore: options.statusStore,
    redis: options.redis,
    run: options.run,
    logger,
    checkpointsDir: options.checkpointsDir,
    dataDir: options.dataDir,
    queueDir: options.queueDir,
    nvidiaSmi: options.nvidiaSmi ?? 'nvidia-smi',
    queues,
    statusEvents,
    analysisStream,
    streamLimits,
    pins: createPinsStore(options.statusStore.statusDir),
    gatewayPerformance,
    now,
    jsonlRotation: options.jsonlRotation ?? DEFAULT_JSONL_ROTATION,
    productionSettings: () => (options.productionSettings ??= defaultProductionSettings()),
  };

  const app = express() as ApiApp;
  app.disable('x-powered-by');
  app.use(publicErrorAnswers(logger));
  app.use(securityHeaders(BULL_BOARD_PATH));
  app.use(requireAllowedHost(allowedHostNames(options.host, options.allowedHosts)));
  app.use(express.json({ limit: options.bodyLimit ?? '1mb' }));

  // Liveness and readiness stay open for orchestrators' health checks; they tell nothing about the run.
  app.get('/healthz', healthzHandler);
  app.get('/readyz', readyzHandler(options.redis));
  // Every route with data (the dashboard's files have none) needs the read token when one is set.
  app.use(readSessionRouter(options.readToken, options.token, now));
  app.use(['/api', '/metrics', BULL_BOARD_PATH], readGuard(options.readToken, options.token, now));
  app.get('/metrics', metricsHandler(createMetricsRegistry({ statusStore: options.statusStore, queues, now, gatewayPerformance, jsonlRotation: context.jsonlRotation }), options.statusStore));

  const api = express.Router();
  // Status changes from one second to the next: no browser or proxy may serve an old copy.
  api.use('/api', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  api.get(
    '/api/status',
    systemStatusHandler({
      statusStore: options.statusStore,
      redis: options.redis,
      run: options.run,
      staleFactor: options.staleFactor,
      staleAfterSeconds: options.staleAfterSeconds,
      plugins,
      now,
      snapshotMs: options.statusSnapshotMs,
    }),
  );
  mountPlugins(api, plugins, context, guard);
  app.use(api);
  if (queues) app.use(BULL_BOARD_PATH, lazyBullBoard(queues, guard));
  if (options.staticDir) app.use(staticFilesRouter(options.staticDir));

  app.use(notFoundHandler);
  app.use(errorHandler(logger));

  app.statusEvents = statusEvents;
  app.analysisStream = analysisStream;
  let closing: Promise<void> | undefined;
  app.closeResources = () =>
    (closing ??= (async () => {
      await statusEvents?.close();
      analysisStream?.close();
      await queues?.close();
    })());
  return app;
}
