import { describe, expect, it } from '@jest/globals';
import { createApiApp, startApiServer } from '@flywheel/api-server';
import { redisNamespace } from '@flywheel/contracts';
import { createStatusStore } from '@flywheel/status-store';
import { freePort, redisPerFile, tempDir } from '@flywheel/testing';
import { writeFile } from 'node:fs/promises';
import { pino } from 'pino';
import { runCli } from './cli.js';
import { bufferIo } from './cli-io.js';

const RUN = 'cli-status';
const NOW = new Date('2026-06-01T12:00:00.000Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);
const logger = pino({ level: 'silent' });
// The API's own connection options (apps/api): fail fast rather than queue while Redis is away.
const redis = redisPerFile({ maxRetriesPerRequest: 1, enableOfflineQueue: false });

describe('flywheel status', () => {
  it('shows the API\'s summary, then the same one from the files when the API is down; exit 1 for a status in error', async () => {
    const { dir, remove } = await tempDir('cli-status');
    try {
      const statusDir = `${dir}/status/${RUN}`;
      const store = (seconds: number) => createStatusStore({ statusDir, run: RUN, redis: redis.client, logger, now: () => ago(seconds) });
      await store(100).write('training', { status: 'training', current_step: 1234, total_steps: 5000, epoch: 1.5, loss: 0.51, learning_rate: 0.0002, current_file: null });
      await store(2000).write('curriculum', { best_strategy: 'easy_first', accuracy: 0.74, strategies_tested: 3 });
      await writeFile(`${statusDir}/adversarial_mining.json`, '{"checkpoint": ');
      await redis.client.set(
        redisNamespace(RUN).heartbeat('regression-monitor'),
        JSON.stringify({
          daemon: 'regression-monitor', run: RUN, pid: 7, host: 'gpu-1', startedAt: ago(3600).toISOString(), beatAt: ago(2).toISOString(),
          intervalSeconds: 60, state: 'idle', lastJob: { id: 'j1', kind: 'tick', finishedAt: ago(90).toISOString(), ok: true },
        }),
      );
      const app = createApiApp({ statusStore: createStatusStore({ statusDir, run: RUN, redis: redis.client, logger }), redis: redis.client, run: RUN, staleFactor: 2, staleAfterSeconds: 1800, logger, now: () => NOW });
      const server = await startApiServer(app, { port: 0 });
      const flags = ['--api', server.url, '--base-dir', dir, '--run', RUN, '--redis-url', redis.server.url];
      let fromApi: string;
      let apiJson: unknown;
      try {
        const io = bufferIo({ now: () => NOW, cwd: dir });
        expect(await runCli(['status', ...flags], { io, workspaceRoot: dir })).toBe(1);
        fromApi = io.out();
        expect(fromApi.split('\n')[0]).toBe(`flywheel status: run "${RUN}", from the API at ${server.url}`);
        // Ages: 100 s → 1m 40s; curriculum 2000 s > 1800 s without a live writer → stale.
        expect(fromApi).toMatch(/^training\s+training_status\.json\s+present\s+1m 40s\s+trainer$/m);
        expect(fromApi).toMatch(/^curriculum\s+curriculum_optimization\.json\s+stale\s+33m 20s\s+curriculum-optimizer$/m);
        expect(fromApi).toMatch(/^adversarial\s+adversarial_mining\.json\s+error\s+-\s+adversarial-miner\s+adversarial_mining\.json \(.*\): not valid JSON/m);
        expect(fromApi).toMatch(/^regression\s+regression_monitoring\.json\s+missing\s+-\s+regression-monitor$/m);
        expect(fromApi).toMatch(/^regression-monitor\s+alive\s+2s ago\s+idle\s+60s\s+ok 1m 30s ago$/m);
        expect(fromApi).toMatch(/^evaluator\s+down\s+-\s+-\s+-\s+-$/m);
        expect(fromApi).toContain('redis: ok\n1 status file(s) in error\n');

        const json = bufferIo({ now: () => NOW, cwd: dir });
        expect(await runCli(['status', ...flags, '--json'], { io: json, workspaceRoot: dir })).toBe(1);
        apiJson = JSON.parse(json.out());
        expect(apiJson).toEqual(await (await fetch(`${server.url}/api/status`)).json());
        expect(json.err()).toBe('');
      } finally {
        await server.close();
        await (app as { closeResources?: () => Promise<void> }).closeResources?.();
      }

      const io = bufferIo({ now: () => NOW, cwd: dir });
      expect(await runCli(['status', ...flags], { io, workspaceRoot: dir })).toBe(1);
      const [first, ...rest] = io.out().split('\n');
      // ECONNREFUSED, or "other side closed" when this process's connection pool still held a socket to it.
      expect(first).toMatch(new RegExp(`^flywheel status: run "${RUN}", read from the status files directly: API at ${server.url} unreachable \\(.+\\)$`));
      expect(rest.join('\n')).toBe(fromApi.split('\n').slice(1).join('\n'));

      const json = bufferIo({ now: () => NOW, cwd: dir });
      expect(await runCli(['status', ...flags, '--json'], { io: json, workspaceRoot: dir })).toBe(1);
      expect(JSON.parse(json.out())).toEqual(apiJson);
      expect(json.err()).toBe(`flywheel status: API at ${server.url} unreachable (connect ECONNREFUSED ${server.url.slice('http://'.length)}); read the status files directly\n`);
    } finally {
      await remove();
    }
  });

  it('exits 0 with nothing in error, and says Redis is unreachable when it is', async () => {
    const { dir, remove } = await tempDir('cli-status');
    try {
      const io = bufferIo({ cwd: dir });
      const api = `http://127.0.0.1:${await freePort()}`;
      const redisUrl = `redis://127.0.0.1:${await freePort()}`;
      expect(await runCli(['status', '--api', api, '--redis-url', redisUrl], { io, workspaceRoot: dir })).toBe(0);
      expect(io.out()).toContain(`redis: unavailable (redis at ${redisUrl} unreachable: connect ECONNREFUSED`);
      expect(io.out()).toContain('ok: no status file is in error\nno status file and no live daemon: is flywheel running for this --base-dir and --run?\n');
      expect(io.out()).toMatch(/^training\s+training_status\.json\s+missing/m);
    } finally {
      await remove();
    }
  });

  it('reads an API that needs a read token with api.readToken (FLYWHEEL_API_READ_TOKEN)', async () => {
    const { dir, remove } = await tempDir('cli-status-token');
    const readToken = 'cli-read-token-0123456789';
    const app = createApiApp({ statusStore: createStatusStore({ statusDir: `${dir}/status/${RUN}`, run: RUN, logger }), run: RUN, staleFactor: 2, staleAfterSeconds: 1800, logger, readToken });
    const server = await startApiServer(app, { port: 0, readToken });
    try {
      const flags = ['status', '--api', server.url, '--base-dir', dir, '--run', RUN, '--redis-url', redis.server.url];
      const withToken = bufferIo({ now: () => NOW, cwd: dir, env: { FLYWHEEL_API_READ_TOKEN: readToken } });
      await runCli(flags, { io: withToken, workspaceRoot: dir });
      expect(withToken.out().split('\n')[0]).toBe(`flywheel status: run "${RUN}", from the API at ${server.url}`);
      const without = bufferIo({ now: () => NOW, cwd: dir });
      await runCli(flags, { io: without, workspaceRoot: dir });
      expect(without.out()).toContain('missing bearer token');
    } finally {
      await server.close();
      await remove();
    }
  });
});
