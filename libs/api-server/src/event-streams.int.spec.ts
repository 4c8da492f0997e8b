import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { publishAnalysisEvent } from '@flywheel/alert-analysis';
import { redisNamespace } from '@flywheel/contracts';
import { createStatusStore } from '@flywheel/status-store';
import { redisPerFile, tempDir, waitFor } from '@flywheel/testing';
import net from 'node:net';
import path from 'node:path';
import { pino } from 'pino';
import { createApiApp, type ApiApp } from './create-api-app.js';
import { startApiServer, type RunningApiServer } from './start-api-server.js';

// The API's two event streams under many, failing and slow clients: a real API, a private
// redis-server (its CLIENT LIST counts the connections the API holds), real HTTP clients.
const logger = pino({ level: 'silent' });
const redis = redisPerFile({ maxRetriesPerRequest: 1, enableOfflineQueue: false });
const MAX_CLIENTS = 3;
const MAX_UNREAD = 64 * 1024;
let temp: { dir: string; remove: () => Promise<void> };
const started: { app: ApiApp; server: RunningApiServer }[] = [];
const clients: { close(): void }[] = [];

beforeAll(async () => {
  temp = await tempDir('api-event-streams');
});
// Each test starts with the clients of the one before gone from every API, and their Redis connections closed.
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await waitFor(() => started.every(({ app }) => app.analysisStream!.clientCount() === 0 && app.statusEvents!.listenerCount() === 0), { what: 'clients gone' });
  let last = -1;
  await waitFor(async () => {
    const now = await redisConnections();
    const still = now === last;
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 200));
    return still;
  }, { what: 'Redis connections settled' });
});
afterAll(async () => {
  for (const { app, server } of started) {
    await app.closeResources();
    await server.close();
  }
  await temp.remove();
});

let runs = 0;
async function api(): Promise<{ app: ApiApp; url: string; run: string }> {
  const run = `streams${++runs}`;
  const app = createApiApp({
    statusStore: createStatusStore({ statusDir: path.join(temp.dir, run), run, redis: redis.client, logger }),
    redis: redis.client, run, staleFactor: 2, staleAfterSeconds: 60, logger,
    maxStreamClients: MAX_CLIENTS, maxStreamBufferBytes: MAX_UNREAD,
  });
  const server = await startApiServer(app, { port: 0 });
  started.push({ app, server });
  return { app, url: server.url, run };
}

/** Connections the private Redis has open, the test's own client included. */
async function redisConnections(): Promise<number> {
  return ((await redis.client.client('LIST')) as string).trim().split('\n').length;
}

/** A reading SSE client (fetch): its first MB as text, and how many events of each kind it received. */
async function reader(url: string): Promise<{ status: number; text: () => string; count: (kind: string) => number; close(): void }> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
  let text = '';
  let pending = '';
  const counts = new Map<string, number>();
  if (response.ok) {
    void (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
          const chunk = decoder.decode(bytes, { stream: true });
          if (text.length < 1_000_000) text += chunk;
          const blocks = (pending + chunk).split('\n\n');
          pending = blocks.pop()!;
          for (const block of blocks) {
            const kind = /^event: (.+)$/m.exec(block)?.[1];
            if (kind) counts.set(kind, (counts.get(kind) ?? 0) + 1);
          }
        }
      } catch {
        // aborted by close()
      }
    })();
  }
  const client = { status: response.status, text: () => text, count: (kind: string) => counts.get(kind) ?? 0, close: () => controller.abort() };
  clients.push(client);
  return client;
}

/** A client that sends the request and then never reads: what a hung tab looks like to the API. */
function stalled(url: string, route: string): Promise<net.Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(`GET ${route} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n\r\n`);
      socket.pause();
      resolve(socket);
    });
    socket.on('error', reject);
    clients.push({ close: () => socket.destroy() });
  });
}

/**
 * Publishes one event at a time, each once the reading client has the one before (so only the
 * stalled client falls behind), until `dropped()` holds; at most 4000 (256 MB of 64 KiB
 * events, far past any socket buffer). Returns how many it published.
 */
async function untilDropped(dropped: () => boolean, publishOne: (index: number) => Promise<unknown>, received: () => number): Promise<number> {
  let sent = 0;
  while (!dropped()) {
    if (sent === 4000) throw new Error('the stalled client was never dropped');
    await publishOne(sent++);
    const deadline = Date.now() + 10_000;
    while (received() < sent && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
  }
  return sent;
}

const token = (index: number, text: string) => ({ kind: 'token' as const, analysis_id: 'a1', text, index });

describe('hostile input: GET /api/alerts/analysis/stream', () => {
  it('serves every client from one Redis reader, refuses clients past the cap with 503, and closes the reader when all have left', async () => {
    const { app, url, run } = await api();
    const before = await redisConnections();
    const readers = [];
    for (let i = 0; i < MAX_CLIENTS; i++) readers.push(await reader(`${url}/api/alerts/analysis/stream`));
    expect(readers.map((r) => r.status)).toEqual([200, 200, 200]);
    await waitFor(async () => (await redisConnections()) === before + 1, { what: 'one reader connection for three clients' });

    const refused = await fetch(`${url}/api/alerts/analysis/stream`);
    expect([refused.status, refused.headers.get('retry-after'), await refused.json()]).toEqual([
      503, '10', { error: '/api/alerts/analysis/stream already serves its 3 clients (api.maxStreamClients); try again later', status: 503 },
    ]);

    const ids = [await publishAnalysisEvent(redis.client, run, token(0, 'first'), 1000), await publishAnalysisEvent(redis.client, run, token(1, 'second'), 1000)];
    for (const r of readers) await waitFor(() => ids.every((id) => r.text().includes(`id: ${id}\n`)), { what: 'both entries at every client' });
    for (const r of readers) expect(r.text().split('event: token').length - 1).toBe(2);
    expect(await redisConnections()).toBe(before + 1);

    for (const r of readers) r.close();
    await waitFor(() => app.analysisStream!.clientCount() === 0, { what: 'every client gone' });
    await waitFor(async () => (await redisConnections()) === before, { what: 'the reader connection closed' });
  });

  it('gives clients that join while entries are being added every entry from where they start, none twice', async () => {
    const { url, run } = await api();
    const joined: Awaited<ReturnType<typeof reader>>[] = [];
    for (let i = 0; i < 300; i++) {
      if (i % 100 === 50) joined.push(await reader(`${url}/api/alerts/analysis/stream`));
      await publishAnalysisEvent(redis.client, run, token(i, `t${i}`), 10_000);
    }
    expect(joined).toHaveLength(MAX_CLIENTS);
    for (const client of joined) {
      await waitFor(() => client.text().includes('"index":299'), { what: 'the last token' });
      const indices = [...client.text().matchAll(/"index":(\d+)/g)].map((m) => Number(m[1]));
      // A contiguous run ending at 299: nothing skipped, nothing repeated.
      expect(indices).toEqual(Array.from({ length: indices.length }, (_, k) => 300 - indices.length + k));
      expect(indices.length).toBeGreaterThan(0);
    }
  });

  it('holds no connection open when the first read fails', async () => {
    const { app, url, run } = await api();
    // A key of the wrong type: every stream read of it fails (WRONGTYPE).
    await redis.client.set(redisNamespace(run).analysisEvents, 'not a stream');
    const before = await redisConnections();
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${url}/api/alerts/analysis/stream`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: string }).error).toMatch(/^analysis stream unavailable: WRONGTYPE/);
    }
    expect(app.analysisStream!.clientCount()).toBe(0);
    await waitFor(async () => (await redisConnections()) === before, { what: 'no connection left behind' });
  });

  it('drops a client that stops reading once it holds more than the bound unread; the others get everything', async () => {
    const { app, url, run } = await api();
    const fast = await reader(`${url}/api/alerts/analysis/stream`);
    await stalled(url, '/api/alerts/analysis/stream');
    await waitFor(() => app.analysisStream!.clientCount() === 2, { what: 'both clients joined' });
    // 64 KiB entries until the kernel's socket buffers (tens of MB on loopback) are full and the
    // API's own buffer for that client passes the bound; the stream itself is kept short.
    const piece = 'x'.repeat(64 * 1024);
    const sent = await untilDropped(() => app.analysisStream!.clientCount() === 1, (i) => publishAnalysisEvent(redis.client, run, token(i, piece), 200), () => fast.count('token'));
    await waitFor(() => fast.count('token') === sent, { what: `all ${sent} tokens at the reading client`, timeoutMs: 30_000 });
  });
});

describe('hostile input: GET /api/events', () => {
  const publish = (run: string, file: string) =>
    redis.client.publish(redisNamespace(run).statusChannel, JSON.stringify({ id: 'regression', file, last_update: '2026-12-01T12:00:00.000Z' }));

  it('refuses clients past the cap with 503 and removes each listener when its client leaves', async () => {
    const { app, url } = await api();
    const readers = [];
    for (let i = 0; i < MAX_CLIENTS; i++) readers.push(await reader(`${url}/api/events`));
    for (const r of readers) await waitFor(() => r.text().includes('event: hello'), { what: 'hello' });
    expect(app.statusEvents!.listenerCount()).toBe(3);
    const refused = await fetch(`${url}/api/events`);
    expect([refused.status, refused.headers.get('retry-after'), await refused.json()]).toEqual([
      503, '10', { error: '/api/events already serves its 3 clients (api.maxStreamClients); try again later', status: 503 },
    ]);
    for (const r of readers) r.close();
    await waitFor(() => app.statusEvents!.listenerCount() === 0, { what: 'every listener removed' });
  });

  it('leaves no listener behind for clients that hang up before the subscription is up', async () => {
    const { app, url } = await api();
    const { port } = new URL(url);
    // Sent in one burst to an API that has not subscribed yet: each handler waits for the subscription while its client is already gone.
    await Promise.all(
      Array.from({ length: 10 }, () => new Promise<void>((resolve) => {
        const socket = net.connect(Number(port), '127.0.0.1', () => {
          socket.end(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
          socket.destroy();
          resolve();
        });
      })),
    );
    // A client that stays: once it has its hello, every earlier handler is past its wait.
    const staying = await reader(`${url}/api/events`);
    await waitFor(() => staying.text().includes('event: hello'), { what: 'hello' });
    await waitFor(() => app.statusEvents!.listenerCount() === 1, { what: 'only the staying client listening' });
    expect(app.statusEvents!.listenerCount()).toBe(1);
  });

  it('drops a client that stops reading; a reading client gets every event', async () => {
    const { app, url, run } = await api();
    const fast = await reader(`${url}/api/events`);
    await waitFor(() => fast.text().includes('event: hello'), { what: 'hello' });
    await stalled(url, '/api/events');
    await waitFor(() => app.statusEvents!.listenerCount() === 2, { what: 'both listening' });
    const big = 'f'.repeat(64 * 1024);
    const sent = await untilDropped(() => app.statusEvents!.listenerCount() === 1, (i) => publish(run, `${big}-${i}`), () => fast.count('status'));
    await waitFor(() => fast.count('status') === sent, { what: `all ${sent} events at the reading client`, timeoutMs: 30_000 });
  });
});
