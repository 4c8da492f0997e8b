import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createStatusStore } from '@flywheel/status-store';
import { redisPerFile, tempDir } from '@flywheel/testing';
import { mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { pino } from 'pino';
import { createApiApp } from './create-api-app.js';
import { startApiServer, type RunningApiServer } from './start-api-server.js';

// DNS rebinding, reads without the read token, and the headers every answer carries, against
// a real API on loopback with raw requests (fetch would not let a test set the Host header).
const TOKEN = 'mutating-token-0123456789';
const READ_TOKEN = 'read-only-token-0123456789';
const logger = pino({ level: 'silent' });
const redis = redisPerFile({ maxRetriesPerRequest: 1, enableOfflineQueue: false });
let temp: { dir: string; remove: () => Promise<void> };
let open: RunningApiServer;
let guarded: RunningApiServer;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One request; an event stream is read only up to its headers and then dropped. */
function send(base: string, method: string, route: string, headers: Record<string, string> = {}): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path: route, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      if (String(res.headers['content-type']).startsWith('text/event-stream')) {
        resolve({ status: res.statusCode!, headers: res.headers, text: '' });
        req.destroy();
        return;
      }
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  temp = await tempDir('api-hostile');
  const statusDir = path.join(temp.dir, 'status');
  const staticDir = path.join(temp.dir, 'public');
  await mkdir(staticDir, { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>dashboard</title>');
  const make = (readToken?: string) =>
    createApiApp({
      statusStore: createStatusStore({ statusDir, run: 'hostile', redis: redis.client, logger }),
      redis: redis.client,
      run: 'hostile',
      staleFactor: 2,
      staleAfterSeconds: 60,
      logger,
      token: TOKEN,
      readToken,
      staticDir,
      allowedHosts: ['dashboard.lab.internal'],
    });
  open = await startApiServer(make(), { port: 0 });
  guarded = await startApiServer(make(READ_TOKEN), { port: 0, readToken: READ_TOKEN });
});
afterAll(async () => {
  await open.close();
  await guarded.close();
  await temp.remove();
});

describe('hostile input: Host names (DNS rebinding)', () => {
  it('answers 421 to any Host but the loopback names and the configured ones, whatever the route', async () => {
    const { port } = new URL(open.url);
    for (const host of ['attacker.example', `attacker.example:${port}`, '127.0.0.1.nip.io', 'localhost.attacker.example']) {
      for (const route of ['/api/status', '/', '/healthz', '/api/monitor/training/export']) {
        const res = await send(open.url, 'GET', route, { host });
        expect([host, route, res.status]).toEqual([host, route, 421]);
        expect(JSON.parse(res.text)).toMatchObject({ status: 421, field: 'host' });
        expect(JSON.parse(res.text).error).toContain('add its name to api.allowedHosts');
      }
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`, 'dashboard.lab.internal', `dashboard.lab.internal:${port}`]) {
      expect([host, (await send(open.url, 'GET', '/api/status', { host })).status]).toEqual([host, 200]);
    }
  });
});

describe('hostile input: the read token', () => {
  const reads = ['/api/status', '/api/regression', '/api/monitor/training/export', '/api/monitor/training/stats', '/api/previews', '/api/alerts', '/api/alerts/analyses', '/api/performance', '/api/events', '/api/alerts/analysis/stream', '/metrics', '/admin/queues', '/admin/queues/api/queues'];

  it('is required on every read route once set: 401 without it or with a wrong one', async () => {
    for (const route of reads) {
      const none = await send(guarded.url, 'GET', route);
      const wrong = await send(guarded.url, 'GET', route, { authorization: 'Bearer not-a-token-at-all' });
      expect([route, none.status, JSON.parse(none.text)]).toEqual([route, 401, { error: 'missing bearer token', status: 401 }]);
      expect([route, wrong.status, JSON.parse(wrong.text)]).toEqual([route, 401, { error: 'invalid token', status: 401 }]);
      expect(none.headers['www-authenticate']).toBe('Bearer realm="flywheel"');
    }
  });

  it('lets through the read token and the mutating token alike; without a read token reads stay open', async () => {
    for (const route of reads) {
      for (const token of [READ_TOKEN, TOKEN]) {
        const res = await send(guarded.url, 'GET', route, { authorization: `Bearer ${token}` });
        expect([route, token, res.status === 401]).toEqual([route, token, false]);
      }
      expect([route, (await send(open.url, 'GET', route)).status === 401]).toEqual([route, false]);
    }
    const status = await send(guarded.url, 'GET', '/api/status', { authorization: `Bearer ${READ_TOKEN}` });
    expect([status.status, JSON.parse(status.text).run]).toEqual([200, 'hostile']);
  });

  it('does not let the read token change anything, and leaves health checks and the dashboard files open', async () => {
    const pin = await send(guarded.url, 'POST', '/api/checkpoints/checkpoint-100/pin', { authorization: `Bearer ${READ_TOKEN}` });
    expect([pin.status, JSON.parse(pin.text).error]).toEqual([401, 'invalid token']);
    expect((await send(guarded.url, 'GET', '/healthz')).status).toBe(200);
    expect((await send(guarded.url, 'GET', '/readyz')).status).toBe(200);
    const page = await send(guarded.url, 'GET', '/');
    expect([page.status, page.text]).toEqual([200, '<!doctype html><title>dashboard</title>']);
  });
});

describe('hostile input: the read session (the dashboard: EventSource cannot send a header)', () => {
  const cookieOf = (answer: Answer) => String((answer.headers['set-cookie'] ?? [])[0] ?? '');

  it('is set by POST /api/session with the read token, and then opens the reads and the event stream', async () => {
    expect((await send(guarded.url, 'POST', '/api/session')).status).toBe(401);
    expect((await send(guarded.url, 'POST', '/api/session', { authorization: 'Bearer not-a-token-at-all' })).status).toBe(401);
    const made = await send(guarded.url, 'POST', '/api/session', { authorization: `Bearer ${READ_TOKEN}` });
    expect(made.status).toBe(200);
    const setCookie = cookieOf(made);
    expect(setCookie).toMatch(/^flywheel_read=\d+\.[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    // The token itself is not in the cookie.
    expect(setCookie).not.toContain(READ_TOKEN);
    const cookie = setCookie.split(';')[0]!;
    for (const route of ['/api/status', '/api/regression', '/api/events', '/metrics']) {
      expect([route, (await send(guarded.url, 'GET', route, { cookie })).status === 401]).toEqual([route, false]);
    }
    // One changed character of the MAC, or another expiry with the same MAC: refused.
    const [name, value] = cookie.split('=') as [string, string];
    const [expires, signature] = value.split('.') as [string, string];
    const flipped = `${name}=${expires}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    const later = `${name}=${Number(expires) + 1}.${signature}`;
    for (const forged of [flipped, later, `${name}=${READ_TOKEN}`]) expect((await send(guarded.url, 'GET', '/api/status', { cookie: forged })).status).toBe(401);
  });

  it('never opens a mutating route, and DELETE /api/session clears it', async () => {
    const cookie = cookieOf(await send(guarded.url, 'POST', '/api/session', { authorization: `Bearer ${TOKEN}` })).split(';')[0]!;
    const pin = await send(guarded.url, 'POST', '/api/checkpoints/checkpoint-100/pin', { cookie });
    expect([pin.status, JSON.parse(pin.text).error]).toEqual([401, 'missing bearer token']);
    const cleared = await send(guarded.url, 'DELETE', '/api/session');
    expect(cookieOf(cleared)).toBe('flywheel_read=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
    // Without a read token there is nothing to set.
    const openSession = await send(open.url, 'POST', '/api/session');
    expect([openSession.status, JSON.parse(openSession.text)]).toEqual([200, { read_token_required: false }]);
  });
});

describe('hostile input: security headers', () => {
  it('sends a CSP with frame-ancestors, nosniff and X-Frame-Options on every answer: page, JSON, error, refusal', async () => {
    const answers = [
      await send(open.url, 'GET', '/'),
      await send(open.url, 'GET', '/api/status'),
      await send(open.url, 'GET', '/nope'),
      await send(guarded.url, 'GET', '/api/status'),
      await send(open.url, 'GET', '/', { host: 'attacker.example' }),
      await send(open.url, 'GET', '/healthz'),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 404, 401, 421, 200]);
    for (const answer of answers) {
      expect(answer.headers['content-security-policy']).toBe(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      );
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['x-frame-options']).toBe('DENY');
    }
    const board = await send(open.url, 'GET', '/admin/queues');
    expect(board.headers['content-security-policy']).toContain("script-src 'self'; style-src 'self' 'unsafe-inline'");
    expect(board.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});
