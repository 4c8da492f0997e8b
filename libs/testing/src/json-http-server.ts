import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface JsonReply {
  status?: number;
  /** Sent as JSON unless it is a string. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Hold the answer this long (for timeouts and concurrency). */
  delayMs?: number;
}

export interface JsonHttpServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Most requests in flight at once so far. */
  maxInFlight(): number;
  close(): Promise<void>;
}

/**
 * A real HTTP server on a free loopback port that answers with `handler` and records every
 * request: the stand-in for a model server's *far side* in client tests (the client code
 * under test still does real HTTP).
 */
export async function startJsonServer(handler: (request: RecordedRequest, index: number) => JsonReply | Promise<JsonReply>): Promise<JsonHttpServer> {
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let peak = 0;
  const server = http.createServer(async (req, res) => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // Keep the raw text.
      }
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(recorded);
      const reply = await handler(recorded, requests.length - 1);
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      const payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
      res.writeHead(reply.status ?? 200, { 'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json', ...reply.headers });
      res.end(payload);
    } catch (error) {
      res.writeHead(500).end(String(error));
    } finally {
      inFlight -= 1;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    maxInFlight: () => peak,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
