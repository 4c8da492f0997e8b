// The documented pm2 command for a host role, run for real: a private pm2 daemon (its own
// PM2_HOME) starts the training host's group from ecosystem.config.cjs against a private Redis;
// the group is a pm2 namespace that `pm2 stop <group>` stops gracefully.
import { describe, expect, it } from '@jest/globals';
import { redisNamespace } from '@flywheel/contracts';
import { redisPerFile, tempDir, waitFor } from '@flywheel/testing';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PM2 = path.join(ROOT, 'node_modules', 'pm2', 'bin', 'pm2');
const run = promisify(execFile);
const redis = redisPerFile();

describe('pm2 start ecosystem.config.cjs for one host role', () => {
  it('starts exactly the training group, whose daemons come up, and stops it by namespace', async () => {
    const { dir, remove } = await tempDir('pm2');
    const env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FLYWHEEL_') && k !== 'NODE_OPTIONS')),
      PM2_HOME: path.join(dir, 'pm2'),
      FLYWHEEL_HOST_ROLE: 'training',
      FLYWHEEL_BASE_DIR: path.join(dir, 'training'),
      FLYWHEEL_REDIS_URL: redis.server.url,
    };
    const pm2 = (...args: string[]) => run(process.execPath, [PM2, ...args], { cwd: ROOT, env });
    const list = async () =>
      (JSON.parse((await pm2('jlist')).stdout) as { name: string; pm2_env: { namespace: string; status: string } }[])
        .map((p) => ({ name: p.name, namespace: p.pm2_env.namespace, status: p.pm2_env.status }))
        .sort((a, b) => a.name.localeCompare(b.name));
    const heartbeat = (daemon: 'data-generation' | 'checkpoint-auto-deploy') => redis.client.exists(redisNamespace('default').heartbeat(daemon));
    try {
      await pm2('start', 'ecosystem.config.cjs');
      expect((await list()).map(({ name, namespace }) => ({ name, namespace }))).toEqual([
        { name: 'flywheel-checkpoint-auto-deploy', namespace: 'training' },
        { name: 'flywheel-data-generation', namespace: 'training' },
      ]);
      // The processes really run: each daemon's heartbeat appears in Redis.
      await waitFor(async () => (await heartbeat('data-generation')) + (await heartbeat('checkpoint-auto-deploy')) === 2 || undefined, {
        timeoutMs: 30_000, intervalMs: 200, what: 'both training-host daemons to beat',
      });
      await pm2('stop', 'training');
      expect((await list()).map((p) => p.status)).toEqual(['stopped', 'stopped']);
      // pm2's SIGINT is a graceful stop: each daemon removed its heartbeat on the way out.
      expect((await heartbeat('data-generation')) + (await heartbeat('checkpoint-auto-deploy'))).toBe(0);
    } finally {
      await pm2('kill').catch(() => undefined);
      await remove();
    }
  }, 90_000);
});
