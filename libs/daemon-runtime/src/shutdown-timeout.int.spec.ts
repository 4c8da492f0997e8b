// A stop while Redis is unreachable (issue 17): the daemon must not hang waiting for a
// reconnect. Past shutdown.timeoutSeconds the worker and connections close with force, and the
// log says so. A real redis-server, stopped under the running daemon.
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@flywheel/config';
import { createLogger } from '@flywheel/logging';
import { startRedis, tempDir, waitFor } from '@flywheel/testing';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DaemonSpec } from './daemon-types.js';
import { startDaemon } from './start-daemon.js';

/** A daemon's config on a private Redis, with its stop bounded by `timeoutSeconds`. */
const configFor = (dir: string, url: string, run: string, timeoutSeconds: number) =>
  loadConfig({
    argv: ['--base-dir', dir, '--redis-url', url, '--run', run, '--interval', '1', '--set', `shutdown.timeoutSeconds=${timeoutSeconds}`, '--set', 'heartbeatSeconds=0.5'],
    env: {},
    cwd: dir,
  });
const logLines = async (file: string) =>
  (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { msg: string; timeoutSeconds?: number });

describe('hostile input: stopping a daemon', () => {
  it('with Redis gone mid-job: closes with force after shutdown.timeoutSeconds and says so', async () => {
    const { dir, remove } = await tempDir('shutdown-timeout');
    const server = await startRedis();
    let started = false;
    const spec: DaemonSpec = {
      name: 'regression-monitor',
      // A job that outlives the stop: the graceful path would wait for it and then for Redis.
      processor: async () => {
        started = true;
        await new Promise((r) => setTimeout(r, 60_000).unref());
      },
    };
    const config = configFor(dir, server.url, 'stop-a', 1);
    const logger = createLogger({ name: 'regression-monitor', logsDir: config.paths.logsDir, level: 'info', pretty: false, stdout: false });
    const daemon = startDaemon(spec, config, logger);
    try {
      await daemon.ready;
      await waitFor(() => started, { what: 'the first job to start' });
      await server.stop();
      await daemon.stop();
      const file = path.join(config.paths.logsDir, 'regression-monitor.log');
      const lines = await waitFor(async () => {
        const all = await logLines(file);
        return all.some((l) => l.msg === 'daemon stopped with force') && all;
      }, { what: 'the forced-stop log line' });
      const warning = lines.find((l) => l.msg.startsWith('stop did not finish in time'));
      expect(warning?.timeoutSeconds).toBe(1);
      expect(lines.some((l) => l.msg === 'daemon stopped')).toBe(false);
    } finally {
      await server.stop().catch(() => undefined);
      await remove();
    }
  });

  it('with Redis answering: stops gracefully, without force', async () => {
    const { dir, remove } = await tempDir('shutdown-graceful');
    const server = await startRedis();
    const spec: DaemonSpec = { name: 'regression-monitor', processor: async () => undefined };
    const config = configFor(dir, server.url, 'stop-b', 30);
    const logger = createLogger({ name: 'regression-monitor', logsDir: config.paths.logsDir, level: 'info', pretty: false, stdout: false });
    const daemon = startDaemon(spec, config, logger);
    try {
      await daemon.ready;
      await daemon.stop();
      const lines = await waitFor(async () => {
        const all = await logLines(path.join(config.paths.logsDir, 'regression-monitor.log'));
        return all.some((l) => l.msg === 'daemon stopped') && all;
      }, { what: 'the stop log line' });
      expect(lines.filter((l) => /force/.test(l.msg))).toEqual([]);
    } finally {
      await server.stop();
      await remove();
    }
  });
});
