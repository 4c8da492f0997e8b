import type { Express } from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiApp } from './create-api-app.js';
import { isLoopbackHost } from './loopback.js';

export interface ApiServerOptions {
  /** Address to bind. @defaultValue "127.0.0.1" */
  host?: string;
  /** TCP port; 0 lets the OS pick one (see `url`). */
  port: number;
  /** The read token (config `api.readToken`); required to bind anything but loopback. */
  readToken?: string;
  /** How long `close()` lets requests in flight finish before cutting them, in ms. @defaultValue 5000 */
  closeGraceMs?: number;
}

export interface RunningApiServer {
  /** Base URL of the bound address, e.g. `http://127.0.0.1:5000`. */
  url: string;
  server: http.Server;
  /** Stops accepting connections, lets requests in flight finish (up to the grace), resolves when closed. */
  close(): Promise<void>;
}

/**
 * Listens with `app` and resolves once bound. Refuses to bind a non-loopback address
 * without a read token: every read route (users' prompts and corrections in the feedback
 * export, previews, alerts, the queue board's job data) would otherwise be open to whoever
 * reaches the port. The mutating routes need `api.token` whatever the bind.
 */
export async function startApiServer(app: Express, options: ApiServerOptions): Promise<RunningApiServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && !options.readToken) {
    throw new Error(
      `refusing to listen on ${host}: only loopback (127.0.0.0/8, ::1, localhost) may be bound without a read token; ` +
        'set api.readToken (env FLYWHEEL_API_READ_TOKEN) or bind api.host to 127.0.0.1',
    );
  }
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const graceMs = options.closeGraceMs ?? 5_000;
  return {
    url: `http://${urlHost}:${address.port}`,
    server,
    close: async () => {
      // Event streams never go idle: end them (and close the app's subscription and queues) first.
      await (app as Express & Partial<Pick<ApiApp, 'closeResources'>>).closeResources?.();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Idle keep-alive sockets would hold close() open until they time out.
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        timer.unref();
      });
    },
  };
}
