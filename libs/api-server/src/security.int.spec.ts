import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createStatusStore } from '@flywheel/status-store';
import { redisPerFile, tempDir } from '@flywheel/testing';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { pino } from 'pino';
import { createApiApp } from './create-api-app.js';
import { startApiServer, type RunningApiServer } from './start-api-server.js';

// The acceptance's security checks, against a real server on loopback with raw request paths
// (fetch and URL would normalise `..` and `%2e%2e` away before they reach the server).
const TOKEN = 'security-test-token-0123456789';
const SECRET = 'TOP-SECRET-NOT-A-TRAINER-STATE';
const logger = pino({ level: 'silent' });
const redis = redisPerFile({ maxRetriesPerRequest: 1, enableOfflineQueue: false });
let temp: { dir: string; remove: () => Promise<void> };
let server: RunningApiServer;
let tokenless: RunningApiServer;

interface RawAnswer {
  status: number;
  text: string;
  json: Record<string, unknown> | null;
}

function raw(base: string, method: string, rawPath: string, headers: Record<string, string> = {}, body?: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path: rawPath, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let json: Record<string, unknown> | null = null;
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          json = null;
        }
        resolve({ status: res.statusCode!, text, json });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

beforeAll(async () => {
  temp = await tempDir('api-security');
  const checkpointsDir = path.join(temp.dir, 'train', 'current_model');
  const statusDir = path.join(temp.dir, 'train', 'status');
  await mkdir(path.join(checkpointsDir, 'checkpoint-100'), { recursive: true });
  await writeFile(path.join(checkpointsDir, 'checkpoint-100', 'trainer_state.json'), '{"global_step": 100, "log_history": []}');
  // Files a traversal would reach: one beside the checkpoints folder, one at the filesystem's top level name.
  await mkdir(path.join(temp.dir, 'train', 'secret'), { recursive: true });
  await writeFile(path.join(temp.dir, 'train', 'secret', 'trainer_state.json'), SECRET);
  await writeFile(path.join(temp.dir, 'train', 'trainer_state.json'), SECRET);
  // A checkpoint-looking symlink that points out of the folder.
  await symlink(path.join(temp.dir, 'train', 'secret'), path.join(checkpointsDir, 'checkpoint-666'));

  const make = (token?: string) =>
    createApiApp({
      statusStore: createStatusStore({ statusDir, run: 'security', redis: redis.client, logger }),
      redis: redis.client,
      run: 'security',
      staleFactor: 2,
      staleAfterSeconds: 60,
      logger,
      checkpointsDir,
      token,
    });
  server = await startApiServer(make(TOKEN), { port: 0 });
  tokenless = await startApiServer(make(undefined), { port: 0 });
});
afterAll(async () => {
  await server.close();
  await tokenless.close();
  await temp.remove();
});

describe('API security', () => {
  it('answers 401 to every mutating route without the right token, and with none configured', async () => {
    const routes: Array<[string, string]> = [
      ['POST', '/api/daemons/regression-monitor/run'],
      ['POST', '/api/checkpoints/checkpoint-100/pin'],
      ['DELETE', '/api/checkpoints/checkpoint-100/pin'],
      ['PUT', '/admin/queues/api/queues/regression-monitor/pause'],
    ];
    for (const [method, route] of routes) {
      const none = await raw(server.url, method, route);
      const wrong = await raw(server.url, method, route, { Authorization: 'Bearer not-the-token' });
      const unconfigured = await raw(tokenless.url, method, route, { Authorization: `Bearer ${TOKEN}` });
      expect([route, none.status, none.json?.['error']]).toEqual([route, 401, 'missing bearer token']);
      expect([route, wrong.status, wrong.json?.['error']]).toEqual([route, 401, 'invalid token']);
      expect([route, unconfigured.status]).toEqual([route, 401]);
      expect(unconfigured.json?.['error']).toMatch(/none is configured: set api\.token \(env FLYWHEEL_API_TOKEN\)/);
    }
    // Nothing was pinned or queued by the refused requests.
    const pins = await raw(server.url, 'GET', '/api/checkpoints/checkpoint-100/trainer_state');
    expect(pins.status).toBe(200);
    const queued = await raw(server.url, 'GET', '/metrics');
    expect(queued.text).toContain('flywheel_queue_jobs{queue="regression-monitor",state="waiting"} 0');
  });

  it('answers 400/404 to path traversal and reads nothing outside the checkpoints folder', async () => {
    const attempts = [
      '/api/checkpoints/../trainer_state',
      '/api/checkpoints/%2e%2e/trainer_state',
      '/api/checkpoints/%2E%2E/trainer_state',
      '/api/checkpoints/..%2Fsecret/trainer_state',
      '/api/checkpoints/%2e%2e%2fsecret/trainer_state',
      '/api/checkpoints/checkpoint-100%2F..%2F..%2Fsecret/trainer_state',
      '/api/checkpoints/%2Fetc%2Fpasswd/trainer_state',
      '/api/checkpoints/%2fetc/trainer_state',
      '/api/checkpoints/checkpoint-666/trainer_state',
      '/api/checkpoints/../../secret/trainer_state',
      '/api/previews?checkpoint=..%2F..%2Fsecret',
    ];
    for (const attempt of attempts) {
      const res = await raw(server.url, 'GET', attempt);
      expect([attempt, [400, 404].includes(res.status)]).toEqual([attempt, true]);
      expect(res.text).not.toContain(SECRET);
    }
    const symlinked = await raw(server.url, 'GET', '/api/checkpoints/checkpoint-666/trainer_state');
    expect(symlinked).toMatchObject({ status: 400, json: { error: 'checkpoint-666/trainer_state.json: resolves outside the checkpoints folder' } });
    const encoded = await raw(server.url, 'GET', '/api/checkpoints/%2e%2e/trainer_state');
    expect(encoded.json).toEqual({ error: 'name: expected a checkpoint folder name like "checkpoint-1200"', status: 400, field: 'name' });
    // The legitimate file is served as written.
    const ok = await raw(server.url, 'GET', '/api/checkpoints/checkpoint-100/trainer_state');
    expect([ok.status, ok.text]).toEqual([200, '{"global_step": 100, "log_history": []}']);
    const absent = await raw(server.url, 'GET', '/api/checkpoints/checkpoint-5/trainer_state');
    expect([absent.status, absent.json?.['error']]).toEqual([404, 'checkpoint-5/trainer_state.json not found in the checkpoints folder']);
  });

  it('answers 413 to an oversized body', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(1024 * 1024) });
    const res = await raw(server.url, 'POST', '/api/daemons/regression-monitor/run', { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, big);
    expect([res.status, res.json]).toEqual([413, { error: 'request entity too large', status: 413 }]);
  });

  it('answers 400 naming the field to a bad query', async () => {
    const cases: Array<[string, string]> = [
      ['/api/previews?count=500', 'count'],
      ['/api/previews?difficulty=impossible', 'difficulty'],
      ['/api/previews?checkpoint=latest', 'checkpoint'],
      ['/api/accuracy_history?limit=-1', 'limit'],
      ['/api/accuracy_history?limit=5&verbose=1', 'verbose'],
    ];
    for (const [url, field] of cases) {
      const res = await raw(server.url, 'GET', url);
      expect([url, res.status, res.json?.['field']]).toEqual([url, 400, field]);
      expect(String(res.json?.['error'])).toContain(field);
    }
  });
});
