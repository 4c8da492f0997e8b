import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createStatusStore } from '@flywheel/status-store';
import { redisPerFile, tempDir } from '@flywheel/testing';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { createApiApp, type ApiApp } from './create-api-app.js';

const TOKEN = 'static-test-token-0123456789';
const INDEX = '<!doctype html><title>flywheel</title><script src="/vendor/uplot/uPlot.iife.min.js"></script>';
const logger = pino({ level: 'silent' });
const redis = redisPerFile({ maxRetriesPerRequest: 1, enableOfflineQueue: false });
let temp: { dir: string; remove: () => Promise<void> };
let app: ApiApp;

beforeAll(async () => {
  temp = await tempDir('api-static');
  const staticDir = path.join(temp.dir, 'public');
  await mkdir(staticDir);
  await writeFile(path.join(staticDir, 'index.html'), INDEX);
  await writeFile(path.join(staticDir, 'app.js'), 'console.log(1);');
  await writeFile(path.join(temp.dir, 'outside.txt'), 'NOT-FOR-THE-WEB');
  const statusStore = createStatusStore({ statusDir: path.join(temp.dir, 'status'), run: 'static', redis: redis.client, logger });
  app = createApiApp({ statusStore, redis: redis.client, run: 'static', staleFactor: 2, staleAfterSeconds: 60, logger, staticDir, token: TOKEN });
});
afterAll(async () => {
  await app.closeResources();
  await temp.remove();
});

describe('the dashboard’s files', () => {
  it('serves index.html at / and the other files by name', async () => {
    const index = await request(app).get('/');
    expect([index.status, index.headers['content-type'], index.text]).toEqual([200, 'text/html; charset=utf-8', INDEX]);
    expect((await request(app).get('/app.js')).text).toBe('console.log(1);');
  });

  it('sends seed 003\'s /model-performance to the dashboard\'s model performance panel', async () => {
    const res = await request(app).get('/model-performance');
    expect([res.status, res.headers['location']]).toEqual([302, '/#model-performance']);
  });

  it('serves uPlot from the installed npm package', async () => {
    // Located independently of the code under test: the file as npm installed it.
    const dist = path.dirname(createRequire(import.meta.url).resolve('uplot'));
    const js = await request(app).get('/vendor/uplot/uPlot.iife.min.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.text).toBe(await readFile(path.join(dist, 'uPlot.iife.min.js'), 'utf8'));
    const css = await request(app).get('/vendor/uplot/uPlot.min.css');
    expect([css.status, css.text]).toEqual([200, await readFile(path.join(dist, 'uPlot.min.css'), 'utf8')]);
  });

  it('serves nothing outside its folders; unknown files are JSON 404s; API answers are not cached', async () => {
    for (const url of ['/..%2foutside.txt', '/%2e%2e/outside.txt', '/vendor/uplot/..%2f..%2fpackage.json']) {
      const res = await request(app).get(url);
      expect([url, [400, 403, 404].includes(res.status), res.text.includes('NOT-FOR-THE-WEB') || res.text.includes('"name": "uplot"')]).toEqual([url, true, false]);
    }
    expect((await request(app).get('/nope.js')).body).toEqual({ error: 'not found', path: '/nope.js' });
    expect((await request(app).get('/healthz')).headers['cache-control']).toBeUndefined();
    expect((await request(app).get('/api/gpu')).headers['cache-control']).toBe('no-store');
  });
});

describe('bull-board at /admin/queues', () => {
  it('shows the run’s daemon queues to GET, and needs the token for anything else', async () => {
    const page = await request(app).get('/admin/queues');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const queues = await request(app).get('/admin/queues/api/queues');
    expect(queues.status).toBe(200);
    const names = (queues.body.queues as Array<{ name: string }>).map((q) => q.name).sort();
    expect(names).toContain('regression-monitor');
    expect(names).toHaveLength(13);

    const refused = await request(app).put('/admin/queues/api/queues/regression-monitor/pause');
    expect(refused.status).toBe(401);
    const paused = await request(app).put('/admin/queues/api/queues/regression-monitor/pause').set('Authorization', `Bearer ${TOKEN}`);
    expect(paused.status).toBe(200);
    const after = await request(app).get('/admin/queues/api/queues');
    expect((after.body.queues as Array<{ name: string; isPaused: boolean }>).find((q) => q.name === 'regression-monitor')?.isPaused).toBe(true);
  });
});
