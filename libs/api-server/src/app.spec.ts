import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { createStatusStore } from '@flywheel/status-store';
import type { Express } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { createApiApp } from './create-api-app.js';

let temp: { dir: string; remove: () => Promise<void> };
let app: Express;

beforeAll(async () => {
  temp = await tempDir('api-app');
  const logger = pino({ level: 'silent' });
  app = createApiApp({ statusStore: createStatusStore({ statusDir: temp.dir, run: 'app', logger }), run: 'app', staleFactor: 2, staleAfterSeconds: 60, logger });
});
afterAll(() => temp.remove());

describe('the API app', () => {
  it('answers unknown routes with 404 JSON naming the path', async () => {
    const res = await request(app).get('/api/gpu_stats');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ error: 'not found', path: '/api/gpu_stats' });
    expect((await request(app).delete('/api/regression')).body).toEqual({ error: 'not found', path: '/api/regression' });
  });

  it('does not announce Express', async () => {
    const res = await request(app).get('/healthz');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('reports a malformed or oversized JSON body as JSON with its HTTP status', async () => {
    const malformed = await request(app).post('/api/anything').set('Content-Type', 'application/json').send('{"a":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.status).toBe(400);
    expect(typeof malformed.body.error).toBe('string');

    const big = JSON.stringify({ pad: 'x'.repeat(1024 * 1024) });
    const oversized = await request(app).post('/api/anything').set('Content-Type', 'application/json').send(big);
    expect(oversized.status).toBe(413);
    expect(oversized.body).toEqual({ error: 'request entity too large', status: 413 });
  });

  it('is live, and ready without Redis when none is configured', async () => {
    expect((await request(app).get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ ready: true, redis: 'not configured' });
  });
});
