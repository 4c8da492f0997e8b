import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createStatusStore } from '@flywheel/status-store';
import { tempDir } from '@flywheel/testing';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createApiApp } from './create-api-app.js';
import { definePlugin } from './plugin.js';
import { DEFAULT_PLUGINS } from './plugins/index.js';
import { startApiServer, type RunningApiServer } from './start-api-server.js';

// Error answers say what failed, never where the training tree lives or which upstream was
// called: a real API on loopback, fetched over HTTP; the detail goes to the API's log.
let temp: { dir: string; remove: () => Promise<void> };
let server: RunningApiServer;
const logLines: string[] = [];

beforeAll(async () => {
  temp = await tempDir('api-error-bodies');
  const statusDir = path.join(temp.dir, 'train', 'status');
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) }));
  // A route whose failure carries an absolute path and an upstream URL, as an fs or fetch error does.
  const failing = definePlugin({
    name: 'failing',
    route: '/api/failing',
    handler: () => {
      throw new Error(`cannot read '${path.join(statusDir, 'secret_file.json')}' after asking http://10.1.2.3:8000/v1/models (connect ECONNREFUSED 10.1.2.3:8000)`);
    },
  });
  const app = createApiApp({
    statusStore: createStatusStore({ statusDir, run: 'errors', logger }),
    run: 'errors',
    staleFactor: 2,
    staleAfterSeconds: 60,
    logger,
    plugins: [...DEFAULT_PLUGINS, failing],
  });
  server = await startApiServer(app, { port: 0 });
});
afterAll(async () => {
  await server.close();
  await temp.remove();
});

describe('hostile input: API error bodies', () => {
  it('names the missing gateway snapshot by its file name, not its absolute path', async () => {
    const res = await fetch(`${server.url}/api/performance`);
    const text = await res.text();
    expect(res.status).toBe(404);
    expect(text).not.toContain(temp.dir);
    expect(JSON.parse(text)).toEqual({
      error: 'the gateway has not written its performance file yet: gateway_performance.json (it saves every gateway.saveSeconds while it runs)',
      status: 404,
      file: 'gateway_performance.json',
    });
  });

  it("leaves a 404's own request path as the client sent it", async () => {
    const res = await fetch(`${server.url}/js/panels/missing.js`);
    expect([res.status, await res.json()]).toEqual([404, { error: 'not found', path: '/js/panels/missing.js' }]);
  });

  it('answers a failing route with what failed, without paths, URLs or addresses, and logs the detail', async () => {
    const res = await fetch(`${server.url}/api/failing`);
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ error: "cannot read 'secret_file.json' after asking [url] (connect ECONNREFUSED [address])", status: 500 });
    for (const hidden of [temp.dir, '10.1.2.3', 'http://']) expect(text).not.toContain(hidden);
    const logged = logLines.filter((line) => line.includes('/api/failing')).join('\n');
    expect(logged).toContain(path.join(temp.dir, 'train', 'status', 'secret_file.json'));
    expect(logged).toContain('http://10.1.2.3:8000/v1/models');
  });
});
