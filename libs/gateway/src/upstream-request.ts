import http from 'node:http';
import https from 'node:https';

// Keep-alive agents: a new TCP connection per proxied request would cost more than the
// gateway's whole overhead budget.
const httpAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: Infinity });

export interface UpstreamRequest {
  /** e.g. http://127.0.0.1:8000 */
  baseUrl: string;
  /** e.g. /v1/chat/completions */
  path: string;
  method: 'GET' | 'POST';
  body?: Buffer;
  /** The `accept` header of a request without a body. @defaultValue application/json */
  accept?: string;
  /** Milliseconds of silence (before the answer or between chunks) after which the request is abandoned. */
  timeoutMs: number;
}

export class UpstreamUnreachable extends Error {}

/**
 * Sends one request upstream and resolves with the response once its headers are in (the
 * body is left to the caller, to stream or collect). Rejects with `UpstreamUnreachable` on a
 * connection error or when the upstream stays silent for `timeoutMs`.
 */
export function sendUpstream(request: UpstreamRequest): { response: Promise<http.IncomingMessage>; abort(): void } {
  const url = new URL(request.path, request.baseUrl);
  const isHttps = url.protocol === 'https:';
  const outgoing = (isHttps ? https : http).request(url, {
    method: request.method,
    agent: isHttps ? httpsAgent : httpAgent,
    headers: request.body
      ? { 'content-type': 'application/json', 'content-length': String(request.body.length), accept: '*/*' }
      : { accept: request.accept ?? 'application/json' },
  });
  // Send each small request at once; Nagle's algorithm would hold a second segment for an ACK.
  outgoing.once('socket', (socket) => socket.setNoDelay(true));
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    outgoing.setTimeout(request.timeoutMs, () => {
      outgoing.destroy(new UpstreamUnreachable(`no answer from ${url.origin} within ${request.timeoutMs} ms`));
    });
    outgoing.once('response', resolve);
    outgoing.once('error', (error) =>
      reject(error instanceof UpstreamUnreachable ? error : new UpstreamUnreachable(`${url.origin}: ${(error as NodeJS.ErrnoException).code ?? error.message}`)),
    );
  });
  outgoing.end(request.body);
  return { response, abort: () => outgoing.destroy() };
}

/** Whether an upstream status means "try the next model": server errors and rate limits. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

/** Reads a whole response body (events, not an async iterator: this is on every request's path). */
export function readBody(response: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    response.once('error', reject);
    // A response cut off before its end emits 'aborted'/'close' without 'end'.
    response.once('close', () => {
      if (!response.complete) reject(new Error('the upstream closed the connection mid-answer'));
    });
  });
}
