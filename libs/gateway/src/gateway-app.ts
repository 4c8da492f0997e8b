import express, { type NextFunction, type Request, type Response } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventSink } from './gateway-events.js';
import type { Criterion } from './model-ranking.js';
import { performanceRouter } from './performance-routes.js';
import type { PerformanceTracker } from './performance-tracker.js';
import { openAiError, proxyHandler } from './proxy-handler.js';
import { createModelNames } from './upstream-model-name.js';
import type { Upstream } from './upstreams.js';
import type { GatewayEvent } from '@flywheel/contracts';

export interface GatewayAppOptions {
  upstreams: readonly Upstream[];
  tracker: PerformanceTracker;
  criterion: Criterion;
  maxAttempts: number;
  timeoutMs: number;
  recordChars: number;
  emit: EventSink;
  onEmitError?: (error: unknown, event: GatewayEvent) => void;
  /** Largest request body accepted. @defaultValue "32mb" */
  bodyLimit?: string;
}

/**
 * The gateway: OpenAI-compatible `/v1/chat/completions`, `/v1/completions`, `/v1/models`,
 * seed 003's performance and evaluation routes, and `/healthz`.
 */
export function createGatewayApp(options: GatewayAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  const json = express.json({ limit: options.bodyLimit ?? '32mb', type: () => true });
  const context = { ...options, timeoutMs: options.timeoutMs, modelNames: createModelNames(options.timeoutMs) };

  app.post('/v1/chat/completions', json, proxyHandler('chat', context));
  app.post('/v1/completions', json, proxyHandler('completion', context));
  app.get('/v1/models', (_req, res) => {
    res.json({
      object: 'list',
      data: options.upstreams
        .filter((u) => !options.tracker.isBlacklisted(u.name))
        .map((u) => ({ id: u.name, object: 'model', created: 0, owned_by: 'flywheel-gateway' })),
    });
  });
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, upstreams: options.upstreams.length, blacklisted: options.upstreams.filter((u) => options.tracker.isBlacklisted(u.name)).length });
  });
  app.use(performanceRouter({ tracker: options.tracker, upstreams: options.upstreams, criterion: options.criterion }));
  app.use((req: Request, res: Response) => {
    res.status(404).json(openAiError(`no route ${req.method} ${req.path}`, 'not_found'));
  });
  app.use((error: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    // body-parser's errors carry a status (400 bad JSON, 413 too large).
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(status).json(openAiError(status === 500 ? 'internal error' : `bad request body: ${error.message}`, status === 500 ? 'internal_error' : 'invalid_request_error'));
  });
  return app;
}

export interface RunningGateway {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function startGatewayServer(app: express.Express, { host, port }: { host: string; port: number }): Promise<RunningGateway> {
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(port, host, () => resolve(listening));
    listening.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeIdleConnections();
        server.close(() => resolve());
        // Streams still open get a moment to finish, then go.
        setTimeout(() => server.closeAllConnections(), 5_000).unref();
      }),
  };
}
