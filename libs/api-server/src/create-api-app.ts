import type { StatusStore } from '@flywheel/status-store';
import express, { type Express } from 'express';
import type { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import { errorHandler, notFoundHandler } from './errors.js';
import { healthzHandler, readyzHandler } from './health-routes.js';
import { mountPlugins } from './mount-plugins.js';
import type { ApiPlugin } from './plugin.js';
import { DEFAULT_PLUGINS } from './plugins/index.js';
import { systemStatusHandler } from './system-status-route.js';

export interface ApiAppOptions {
  statusStore: StatusStore;
  /** The run's Redis: heartbeats for `/api/status`, the PING of `/readyz`. Without it, daemons show as not alive. */
  redis?: Redis;
  run: string;
  /** A status is stale past this many of its writer's intervals (config `api.staleFactor`). */
  staleFactor: number;
  /** Staleness age when the writer has no interval or no heartbeat (config `api.staleAfterSeconds`). */
  staleAfterSeconds: number;
  /** @defaultValue a pino logger on stdout */
  logger?: Logger;
  /** @defaultValue DEFAULT_PLUGINS (the seed's ten status endpoints) */
  plugins?: readonly ApiPlugin[];
  /** Clock for ages in `/api/status`. @defaultValue `() => new Date()` */
  now?: () => Date;
}

/**
 * The API as an Express app: `/healthz`, `/readyz`, `/api/status` and one `GET` route per
 * plugin; JSON for every answer, errors and unknown routes included.
 * @throws when two plugins clash (name, route or status) or one takes `/api/status`
 */
export function createApiApp(options: ApiAppOptions): Express {
  const logger = (options.logger ?? pino()).child({ component: 'api-server' });
  const plugins = options.plugins ?? DEFAULT_PLUGINS;
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));

  app.get('/healthz', healthzHandler);
  app.get('/readyz', readyzHandler(options.redis));

  const api = express.Router();
  // Status changes from one second to the next: no browser or proxy may serve an old copy.
  api.use((_req, res, next) => {
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
      now: options.now ?? (() => new Date()),
    }),
  );
  mountPlugins(api, plugins, { statusStore: options.statusStore, redis: options.redis, run: options.run, logger });
  app.use(api);

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
