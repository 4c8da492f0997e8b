import { publicErrorText } from '@flywheel/contracts';
import express, { type NextFunction, type Request, type Response } from 'express';
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeployedModel } from './deployed-model.js';
import { createGatewayMetrics } from './gateway-metrics.js';
import { judgeRouter, type JudgeRoutesOptions } from './judge-routes.js';
import { performanceRouter } from './performance-routes.js';
import { openAiError, PATHS, proxyHandler, type ProxyContext } from './proxy-handler.js';
import { REQUEST_KINDS } from './performance-tracker.js';
import { createModelNames } from './upstream-model-name.js';
import { videoRetrievalHandler } from './video-retrieval.js';

/** What the proxy needs, but the model-name cache (made here) and a default body limit. */
export type GatewayAppOptions = Omit<ProxyContext, 'modelNames' | 'bodyLimitBytes'> & {
  /** Largest request body accepted, in bytes. @defaultValue 32 MiB */
  bodyLimitBytes?: number;
  /** The judge's scores for `/evaluations/judge…`; unset: those routes are not served. */
  judge?: JudgeRoutesOptions;
  /** The deployed upstream's model name from last_deployment.json (deployed-model.ts); unset: its /v1/models decides, as for any upstream. */
  deployedModel?: DeployedModel;
};

/** The gateway as a node:http request listener. */
export type GatewayApp = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The gateway: OpenAI-compatible `/v1/chat/completions`, `/v1/completions`, and for the
 * upstreams declaring those types `/v1/images/generations`, `/v1/audio/speech`, `/v1/videos`
 * (and a video job's `GET /v1/videos/{id}`, `…/content`: video-retrieval.ts);
 * `/v1/models`, seed 003's performance and evaluation routes, `/healthz` and its Prometheus
 * `/metrics` (gateway-metrics.ts; its own registry unless `metrics` is given). The proxy routes are
 * served by plain node:http handlers: on this path Express's routing and body parser would
 * cost several times what the proxying itself does. Everything else goes to an Express app.
 */
export function createGatewayApp(options: GatewayAppOptions): GatewayApp {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  const metrics = options.metrics ?? createGatewayMetrics({ upstreams: options.upstreams, isBlacklisted: (name) => options.tracker.isBlacklisted(name) });
  const context = { ...options, metrics, bodyLimitBytes: options.bodyLimitBytes ?? 32 * 1024 * 1024, modelNames: createModelNames(options.timeoutMs, options.deployedModel) };
  const proxies: Record<string, ReturnType<typeof proxyHandler>> = Object.fromEntries(REQUEST_KINDS.map((kind) => [PATHS[kind], proxyHandler(kind, context)]));

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
  app.get('/metrics', async (_req, res) => {
    res.set('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  if (options.judge) app.use(judgeRouter(options.judge));
  app.use(performanceRouter({ tracker: options.tracker, upstreams: options.upstreams, criterion: options.criterion }));
  app.use((req: Request, res: Response) => {
    res.status(404).json(openAiError(`no route ${req.method} ${req.path}`, 'not_found', 'not_found'));
  });
  app.use((error: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    // body-parser's errors carry a status (400 bad JSON, 413 too large).
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(status).json(openAiError(status === 500 ? 'internal error' : `bad request: ${publicErrorText(error.message)}`, status === 500 ? 'internal_error' : 'invalid_request_error', status === 500 ? 'internal_error' : 'bad_request'));
  });

  const videos = videoRetrievalHandler(options);
  return (req, res) => {
    const proxy = req.method === 'POST' ? proxies[(req.url ?? '').split('?')[0]!] : req.method === 'GET' ? (videos(req.url ?? '') ?? undefined) : undefined;
    if (!proxy) {
      app(req, res);
      return;
    }
    proxy(req, res).catch(() => {
      // Only a bug gets here; the caller must not hang.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify(openAiError('internal error', 'internal_error', 'internal_error')));
      else res.destroy();
    });
  };
}

export interface RunningGateway {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function startGatewayServer(app: GatewayApp, { host, port }: { host: string; port: number }): Promise<RunningGateway> {
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
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
