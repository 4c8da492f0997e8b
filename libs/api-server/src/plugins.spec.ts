import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { createStatusStore } from '@flywheel/status-store';
import { pino } from 'pino';
import { createApiApp } from './create-api-app.js';
import { definePlugin, isStatusPlugin, methodOf } from './plugin.js';
import { DEFAULT_PLUGINS, STATUS_PLUGINS } from './plugins/index.js';

describe('default plugins', () => {
  it('serve the seed’s ten status endpoints, then the production side’s, one status each', () => {
    const table = STATUS_PLUGINS.map((p) => [p.route, isStatusPlugin(p) ? p.statusId : null]);
    expect(table).toEqual([
      ['/api/training', 'training'],
      ['/api/adversarial', 'adversarial'],
      ['/api/curriculum', 'curriculum'],
      ['/api/regression', 'regression'],
      ['/api/model_comparison', 'model_comparison'],
      ['/api/confidence', 'confidence'],
      ['/api/self_correction', 'self_correction'],
      ['/api/data_generation', 'data_generation'],
      ['/api/testing', 'testing'],
      ['/api/checkpoints', 'checkpoint_sync'],
      ['/api/deployments', 'deployment'],
      ['/api/champion', 'champion'],
      ['/api/canary', 'canary'],
      ['/api/llm_health', 'llm_health'],
      ['/api/alerts/analyst', 'alert_analyst'],
    ]);
    expect(new Set(STATUS_PLUGINS.map((p) => p.name)).size).toBe(15);
  });

  it('then the routes of docs/api.md that are not one status file, with their methods', () => {
    const rest = DEFAULT_PLUGINS.filter((p) => !isStatusPlugin(p)).map((p) => `${methodOf(p)} ${p.route}`);
    expect(rest).toEqual([
      'GET /api/gpu',
      'GET /api/events',
      'GET /api/previews',
      'GET /api/accuracy_history',
      'GET /api/checkpoints/:name/trainer_state',
      'POST /api/daemons/:daemon/run',
      'POST /api/checkpoints/:name/pin',
      'DELETE /api/checkpoints/:name/pin',
      'POST /api/monitor/training/rate',
      'GET /api/monitor/training/stats',
      'GET /api/monitor/training/export',
      'GET /api/performance',
      'GET /api/performance/rankings',
      'GET /api/performance/metrics/:modelName',
      'GET /api/performance/blacklisted',
      'GET /api/performance/summary',
      'GET /api/evaluations',
      'GET /api/evaluations/model/:modelName',
      'GET /api/evaluations/summary',
      'GET /api/fine-tune',
      'POST /api/fine-tune/auto',
      'POST /api/fine-tune/trigger',
      'GET /api/alerts',
      'POST /api/alerts/:id/ack',
      'POST /api/alerts/silence',
      'DELETE /api/alerts/silence/:kind',
      'GET /api/alerts/analyses',
      'GET /api/alerts/analysis/stream',
      'GET /api/reports',
    ]);
    expect(DEFAULT_PLUGINS.slice(0, STATUS_PLUGINS.length)).toEqual(STATUS_PLUGINS);
  });
});

describe('definePlugin and the registry', () => {
  it('rejects a route outside /api/ or a badly formed name, naming the plugin', () => {
    expect(() => definePlugin({ name: 'gpu', route: '/gpu' as '/api/x', handler: () => undefined })).toThrow(
      'plugin gpu: route "/gpu" must look like /api/<name> (lowercase, no trailing slash)',
    );
    expect(() => definePlugin({ name: 'gpu', route: '/api/gpu/', handler: () => undefined })).toThrow(/route "\/api\/gpu\/"/);
    expect(() => definePlugin({ name: 'GPU Stats', route: '/api/gpu', handler: () => undefined })).toThrow(/plugin name "GPU Stats"/);
    expect(() => definePlugin({ name: 'p', route: '/api/x/:Name', handler: () => undefined })).toThrow(/route "\/api\/x\/:Name"/);
    expect(definePlugin({ name: 'p', route: '/api/x/:name/pin', handler: () => undefined }).route).toBe('/api/x/:name/pin');
    // Parameters may be camelCase, as seed 003 names them (/performance/metrics/:modelName).
    expect(definePlugin({ name: 'p', route: '/api/x/:modelName', handler: () => undefined }).route).toBe('/api/x/:modelName');
  });

  it('refuses clashing plugins and the API’s own route when the app is made', async () => {
    const { dir, remove } = await tempDir('plugins');
    try {
      const statusStore = createStatusStore({ statusDir: dir, run: 'p' });
      const make = (plugins: Parameters<typeof createApiApp>[0]['plugins']) => () =>
        createApiApp({ statusStore, run: 'p', staleFactor: 2, staleAfterSeconds: 60, logger: pino({ level: 'silent' }), plugins });
      const a = definePlugin({ name: 'a', route: '/api/a', statusId: 'regression' });
      expect(make([a, definePlugin({ name: 'a', route: '/api/b', statusId: 'training' })])).toThrow('plugins a and a both use the name "a"');
      expect(make([a, definePlugin({ name: 'b', route: '/api/a', statusId: 'training' })])).toThrow('plugins a and b both use the route /api/a');
      expect(make([a, definePlugin({ name: 'b', route: '/api/b', statusId: 'regression' })])).toThrow('plugins a and b both use the status "regression"');
      expect(make([definePlugin({ name: 's', route: '/api/status', handler: () => undefined })])).toThrow("plugin s: route /api/status is the API's own");
      expect(make([a, definePlugin({ name: 'b', route: '/api/b', statusId: 'training' })])).not.toThrow();
      // One route may have several methods, but not two handlers for one method (parameter names aside).
      const get = definePlugin({ name: 'get', route: '/api/x/:name', handler: () => undefined });
      const post = definePlugin({ name: 'post', route: '/api/x/:name', method: 'POST', handler: () => undefined });
      expect(make([get, post])).not.toThrow();
      expect(make([post, definePlugin({ name: 'post2', route: '/api/x/:id', method: 'POST', handler: () => undefined })])).toThrow(
        'plugins post and post2 both use POST /api/x/:id',
      );
    } finally {
      await remove();
    }
  });
});
