import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { createStatusStore, type StatusStore } from '@flywheel/status-store';
import type { Express } from 'express';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { pino } from 'pino';
import request from 'supertest';
import { createApiApp } from './create-api-app.js';
import { definePlugin } from './plugin.js';
import { STATUS_PLUGINS } from './plugins/index.js';
import { bodyOf } from './status-bodies.fixture.js';

let temp: { dir: string; remove: () => Promise<void> };
let statusStore: StatusStore;
let app: Express;
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  temp = await tempDir('api-plugins');
  statusStore = createStatusStore({ statusDir: temp.dir, run: 'plugins', logger });
  app = createApiApp({ statusStore, run: 'plugins', staleFactor: 2, staleAfterSeconds: 1800, logger });
});
afterAll(() => temp.remove());

describe('status plugins', () => {
  it('GET /api/regression serves the file written through the status store, as it is on disk', async () => {
    await statusStore.write('regression', bodyOf('regression'));
    const onDisk = await readFile(statusStore.fileOf('regression'), 'utf8');
    const res = await request(app).get('/api/regression');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual(JSON.parse(onDisk));
    // Same keys in the same order as the file (the stamp last), not a re-serialised copy.
    expect(Object.keys(res.body)).toEqual(Object.keys(JSON.parse(onDisk)));
    expect(res.body.regression_detected).toBe(true);
    expect(res.body.evidence.checkpoints[1].loss).toBe(0.58);
  });

  it('answers 404 JSON naming the file when the status has not been written', async () => {
    await rm(statusStore.fileOf('regression'), { force: true });
    const res = await request(app).get('/api/regression');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      error: 'regression_monitoring.json has not been written yet',
      status: 'missing',
      file: 'regression_monitoring.json',
    });
  });

  it('answers 500 JSON naming the file (and the field) when the file cannot be used', async () => {
    await writeFile(statusStore.fileOf('regression'), '{"regression_detected": true, "checkpoint"');
    const torn = await request(app).get('/api/regression');
    expect(torn.status).toBe(500);
    expect(torn.body).toMatchObject({ status: 'error', file: 'regression_monitoring.json' });
    // The file's absolute path is the API's business, not the client's (it is in the API's log).
    expect(torn.body.error).toContain('regression_monitoring.json (regression_monitoring.json): not valid JSON');
    expect(torn.body.error).not.toContain(statusStore.fileOf('regression'));

    const good = JSON.parse(JSON.stringify(await statusStore.write('regression', bodyOf('regression'))));
    good.evidence.checkpoints[0].source = 'guess';
    await writeFile(statusStore.fileOf('regression'), JSON.stringify(good));
    const wrong = await request(app).get('/api/regression');
    expect(wrong.status).toBe(500);
    expect(wrong.body.error).toContain('evidence.checkpoints[0].source:');
  });

  it('every default route reads its own file', async () => {
    const files: Record<string, string> = {
      '/api/training': 'training_status.json',
      '/api/adversarial': 'adversarial_mining.json',
      '/api/curriculum': 'curriculum_optimization.json',
      '/api/regression': 'regression_monitoring.json',
      '/api/model_comparison': 'model_comparisons.json',
      '/api/confidence': 'confidence_calibration.json',
      '/api/self_correction': 'self_correction.json',
      '/api/data_generation': 'data_generation.json',
      '/api/testing': 'automated_testing.json',
      '/api/checkpoints': 'checkpoint_sync.json',
      '/api/deployments': 'last_deployment.json',
      '/api/champion': 'champion.json',
      '/api/canary': 'canary.json',
      '/api/llm_health': 'llm_health.json',
      '/api/alerts/analyst': 'alert_analyst.json',
    };
    await rm(statusStore.fileOf('regression'), { force: true });
    for (const plugin of STATUS_PLUGINS) {
      const res = await request(app).get(plugin.route);
      expect([plugin.route, res.status, res.body.file]).toEqual([plugin.route, 404, files[plugin.route]]);
    }
    await statusStore.write('deployment', bodyOf('deployment'));
    const deployed = await request(app).get('/api/deployments');
    expect(deployed.status).toBe(200);
    expect(deployed.body.checkpoint).toBe('checkpoint-1100');
  });
});

describe('handler plugins', () => {
  it('get the request and the context; a failure becomes a JSON 500', async () => {
    const custom = createApiApp({
      statusStore,
      run: 'plugins',
      staleFactor: 2,
      staleAfterSeconds: 1800,
      logger,
      plugins: [
        definePlugin({ name: 'whoami', route: '/api/whoami', handler: (req, res, ctx) => void res.json({ run: ctx.run, q: req.query['q'] }) }),
        definePlugin({
          name: 'broken',
          route: '/api/broken',
          handler: async () => {
            throw new Error('gpu stats unavailable');
          },
        }),
      ],
    });
    expect((await request(custom).get('/api/whoami?q=1')).body).toEqual({ run: 'plugins', q: '1' });
    const broken = await request(custom).get('/api/broken');
    expect(broken.status).toBe(500);
    expect(broken.body).toEqual({ error: 'gpu stats unavailable', status: 500 });
    // Only the plugins given are served: the status route is unknown here, not missing.
    expect((await request(custom).get('/api/regression')).body).toEqual({ error: 'not found', path: '/api/regression' });
  });
});
