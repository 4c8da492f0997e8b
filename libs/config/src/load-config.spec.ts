import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { problemsOf } from './config-problems.fixture.js';
import { loadConfig } from './load-config.js';
import { redactedConfig } from './redacted-config.js';


describe('loadConfig', () => {
  it('applies defaults and derives every path from the base dir', () => {
    const config = loadConfig({ argv: ['--base-dir', 'TRAINING'], env: {}, cwd: '/home/u' });
    expect(config.baseDir).toBe('/home/u/TRAINING');
    expect(config.paths).toEqual({
      statusDir: '/home/u/TRAINING/status',
      checkpointsDir: '/home/u/TRAINING/current_model',
      queueDir: '/home/u/TRAINING/queue',
      logsDir: '/home/u/TRAINING/logs',
      dataDir: '/home/u/TRAINING/data',
    });
    expect(config.sync.localDir).toBe('/home/u/TRAINING/current_model');
    expect(config.interval).toBeUndefined();
    expect(config).toMatchObject({ run: 'default', continuous: false, samples: 100, redis: { url: 'redis://127.0.0.1:6379' } });
    expect(config.regression).toEqual({ window: 5, thresholdPercent: 15, criticalPercent: 25, bootstrapIterations: 10_000 });
    expect(config.api.host).toBe('127.0.0.1');
  });

  it('scopes the status folder by run name', () => {
    expect(loadConfig({ argv: ['--run', 'qwen-a'], env: {}, cwd: '/t' }).paths.statusDir).toBe('/t/status/qwen-a');
  });

  it('maps every seed flag to its option', () => {
    const config = loadConfig({
      argv: ['--base-dir', '/b', '--interval', '300', '--samples', '50', '--remote-host', 'user@trainer', '--remote-dir', '/r/current_model',
        '--local-dir', 'ckpts', '--keep', '4', '--check-interval', '120', '--min-files', '3', '--continuous', '--error-threshold', '7'],
      env: {},
      cwd: '/w',
    });
    expect(config).toMatchObject({
      baseDir: '/b', interval: 300, samples: 50, checkInterval: 120, minFiles: 3, continuous: true, errorThreshold: 7,
      sync: { remoteHost: 'user@trainer', remoteDir: '/r/current_model', localDir: '/w/ckpts', keep: 4 },
    });
  });

  it('takes flags over environment over file over defaults', async () => {
    const { dir, remove } = await tempDir('cfg');
    try {
      await writeFile(path.join(dir, 'flywheel.config.yaml'), 'interval: 100\nsamples: 10\nminFiles: 9\nregression:\n  window: 7\n');
      const config = loadConfig({
        argv: ['--interval', '300'],
        env: { FLYWHEEL_INTERVAL: '200', FLYWHEEL_SAMPLES: '20' },
        cwd: dir,
      });
      // interval: file 100, env 200, flag 300 → 300. samples: file 10, env 20 → 20. minFiles: file only.
      expect(config.interval).toBe(300);
      expect(config.samples).toBe(20);
      expect(config.minFiles).toBe(9);
      expect(config.regression.window).toBe(7);
    } finally {
      await remove();
    }
  });

  it('reads JSON files and resolves their relative paths against the file', async () => {
    const { dir, remove } = await tempDir('cfg');
    try {
      const file = path.join(dir, 'conf', 'my.json');
      await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(file)));
      await writeFile(file, JSON.stringify({ baseDir: '../training', paths: { logsDir: '/var/log/fw' } }));
      const config = loadConfig({ argv: ['--config', file], env: {}, cwd: '/elsewhere' });
      expect(config.baseDir).toBe(path.join(dir, 'training'));
      expect(config.paths.logsDir).toBe('/var/log/fw');
      expect(config.paths.statusDir).toBe(path.join(dir, 'training', 'status'));
    } finally {
      await remove();
    }
  });

  it('reports every bad field with where it came from', async () => {
    const { dir, remove } = await tempDir('cfg');
    try {
      const file = path.join(dir, 'flywheel.config.json');
      await writeFile(file, JSON.stringify({ regression: { window: 1 }, api: { port: 70000 }, colour: 'blue' }));
      const problems = problemsOf(() =>
        loadConfig({ argv: ['--interval', 'soon', '--set', 'queue.lockDurationMs=10'], env: { FLYWHEEL_SAMPLES: '-3' }, cwd: dir }),
      );
      const byPath = Object.fromEntries(problems.map((p) => [p.path, p]));
      expect(byPath['interval']).toMatchObject({ source: 'flag --interval', message: 'expected a number, got "soon"' });
      expect(byPath['colour']).toMatchObject({ source: `file ${file}`, message: 'unknown option' });
      expect(byPath['regression.window']!.source).toBe(`file ${file}`);
      expect(byPath['api.port']!.source).toBe(`file ${file}`);
      expect(byPath['samples']!.source).toBe('env FLYWHEEL_SAMPLES');
      expect(byPath['queue.lockDurationMs']!.source).toBe('flag --set queue.lockDurationMs');
      expect(problems).toHaveLength(6);
    } finally {
      await remove();
    }
  });

  it('rejects a critical threshold below the regression threshold', () => {
    const problems = problemsOf(() =>
      loadConfig({ argv: ['--set', 'regression.criticalPercent=10'], env: {}, cwd: '/' }),
    );
    expect(problems).toEqual([
      { path: 'regression.criticalPercent', message: 'must be at least thresholdPercent (15)', source: 'flag --set regression.criticalPercent' },
    ]);
  });

  it('names the file, line and column of a syntax error', async () => {
    const { dir, remove } = await tempDir('cfg');
    try {
      await writeFile(path.join(dir, 'flywheel.config.json'), '{\n  "interval": 300,\n  "samples": ,\n}');
      const [json] = problemsOf(() => loadConfig({ argv: [], env: {}, cwd: dir }));
      expect(json!.source).toBe(`file ${path.join(dir, 'flywheel.config.json')}`);
      expect(json!.message).toMatch(/invalid JSON at line 3, column 14/);
      await writeFile(path.join(dir, 'bad.yaml'), 'interval: 300\nregression:\n  window: [5\n');
      const [yaml] = problemsOf(() => loadConfig({ argv: ['--config', 'bad.yaml'], env: {}, cwd: dir }));
      expect(yaml!.message).toMatch(/invalid YAML at line \d+/);
    } finally {
      await remove();
    }
  });

  it('rejects unknown flags with a hint, and accepts --flag=value and --no-flag', () => {
    const [unknown] = problemsOf(() => loadConfig({ argv: ['--intervall', '5'], env: {}, cwd: '/' }));
    expect(unknown!.message).toBe('unknown flag --intervall (did you mean --interval?)');
    const config = loadConfig({ argv: ['--interval=30', '--continuous', '--no-continuous'], env: {}, cwd: '/' });
    expect(config.interval).toBe(30);
    expect(config.continuous).toBe(false);
  });

  it('reads REDIS_URL, with FLYWHEEL_REDIS_URL winning', () => {
    expect(loadConfig({ argv: [], env: { REDIS_URL: 'redis://a:1' }, cwd: '/' }).redis.url).toBe('redis://a:1');
    expect(loadConfig({ argv: [], env: { REDIS_URL: 'redis://a:1', FLYWHEEL_REDIS_URL: 'redis://b:2' }, cwd: '/' }).redis.url).toBe('redis://b:2');
  });

  it('redacts the token, the model server key and the Redis password for logging', () => {
    const config = loadConfig({
      argv: ['--redis-url', 'redis://:pw123@r:6379'],
      env: { FLYWHEEL_API_TOKEN: 'abcdefghijklmnopqrstuvwxyz', FLYWHEEL_BACKEND_API_KEY: 'sk-placeholder-key' },
      cwd: '/',
    });
    expect(config.api.token).toBe('abcdefghijklmnopqrstuvwxyz');
    const safe = JSON.stringify(redactedConfig(config));
    expect(safe).not.toMatch(/pw123|abcdefghijklmnop|sk-placeholder/);
    expect(redactedConfig(config).api.token).toBe('[redacted]');
  });
});
