import { describe, expect, it } from '@jest/globals';
import { createStatusStore } from '@flywheel/status-store';
import { redisPerFile, tempDir, waitFor } from '@flywheel/testing';
import { pino } from 'pino';
import { createApiApp } from './create-api-app.js';
import { startApiServer } from './start-api-server.js';
import { bodyOf } from './status-bodies.fixture.js';

const logger = pino({ level: 'silent' });
const redis = redisPerFile({ maxRetriesPerRequest: 1, enableOfflineQueue: false });

interface SseEvent {
  event: string;
  data: unknown;
}

/** Reads Server-Sent Events from a fetch body, one parsed event per `next()`; comments are counted, not returned. */
function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return async function next(): Promise<SseEvent> {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = block.split('\n');
        if (lines.every((l) => l.startsWith(':'))) continue;
        const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
        return { event: field('event') ?? 'message', data: JSON.parse(field('data') ?? 'null') };
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('event stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
}

describe('GET /api/events', () => {
  it('streams a status written through the status store (as a daemon writes it) to an SSE client over HTTP', async () => {
    const api = await tempDir('api-events');
    const daemonHost = await tempDir('api-events-daemon');
    const statusStore = createStatusStore({ statusDir: api.dir, run: 'events', redis: redis.client, logger });
    const app = createApiApp({ statusStore, redis: redis.client, run: 'events', staleFactor: 2, staleAfterSeconds: 60, logger });
    const server = await startApiServer(app, { port: 0 });
    try {
      const res = await fetch(`${server.url}/api/events`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const next = sseReader(res.body!);
      // `hello` comes once the subscription is up: nothing written after it can be missed.
      expect(await next()).toEqual({ event: 'hello', data: { run: 'events' } });

      // The daemon has its own status folder and its own Redis connection: only Redis links them.
      const daemonRedis = redis.client.duplicate();
      const daemonStore = createStatusStore({ statusDir: daemonHost.dir, run: 'events', redis: daemonRedis, logger });
      const written = await daemonStore.write('regression', bodyOf('regression'));
      expect(await next()).toEqual({ event: 'status', data: { id: 'regression', file: 'regression_monitoring.json', last_update: written.last_update } });
      const second = await daemonStore.write('deployment', bodyOf('deployment'));
      expect(await next()).toEqual({ event: 'status', data: { id: 'deployment', file: 'last_deployment.json', last_update: second.last_update } });
      daemonRedis.disconnect();

      // A second client that goes away is forgotten (no listener left behind).
      const controller = new AbortController();
      const leaving = await fetch(`${server.url}/api/events`, { signal: controller.signal });
      expect(await sseReader(leaving.body!)()).toEqual({ event: 'hello', data: { run: 'events' } });
      expect(app.statusEvents?.listenerCount()).toBe(2);
      controller.abort();
      await waitFor(() => app.statusEvents?.listenerCount() === 1, { what: 'the aborted client to be forgotten' });

      // Another run's writes are not this API's.
      const otherRun = createStatusStore({ statusDir: daemonHost.dir, run: 'other-run', redis: redis.client, logger });
      await otherRun.write('model_comparison', bodyOf('model_comparison'));
      const third = await statusStore.write('model_comparison', bodyOf('model_comparison'));
      expect(await next()).toEqual({ event: 'status', data: { id: 'model_comparison', file: 'model_comparisons.json', last_update: third.last_update } });
    } finally {
      // close() ends the open stream itself; it must not hang on it.
      await server.close();
      await api.remove();
      await daemonHost.remove();
    }
  });

  it('answers 503 JSON when the API has no Redis', async () => {
    const { dir, remove } = await tempDir('api-events-none');
    try {
      const app = createApiApp({ statusStore: createStatusStore({ statusDir: dir, run: 'x', logger }), run: 'x', staleFactor: 2, staleAfterSeconds: 60, logger });
      const server = await startApiServer(app, { port: 0 });
      const res = await fetch(`${server.url}/api/events`);
      expect([res.status, await res.json()]).toEqual([503, { error: 'live updates need Redis, and the API has none configured', status: 503 }]);
      await server.close();
    } finally {
      await remove();
    }
  });
});
