import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig, redisErrorHint } from '@flywheel/config';
import { JOB_NAMES, redisNamespace, STATUS_FILES, type DaemonJob } from '@flywheel/contracts';
import { createLogger } from '@flywheel/logging';
import { startTlsRedis, tempDir, waitFor, type TlsRedis } from '@flywheel/testing';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DaemonSpec } from './daemon-types.js';
import { createRedis } from './redis-connection.js';
import { startDaemon } from './start-daemon.js';

// A real redis-server serving TLS only, with an ACL user and the default user disabled.
const PASSWORD = 'Pw-of@ll:sorts/7';
let tls: TlsRedis;

beforeAll(async () => {
  tls = await startTlsRedis('redis-tls', { name: 'flywheel', password: PASSWORD });
});
afterAll(async () => {
  await tls?.stop();
});

const urlWith = (password: string) => `rediss://flywheel:${encodeURIComponent(password)}@127.0.0.1:${tls.server.port}`;

function configFor(dir: string, run: string, env: Record<string, string>) {
  // A short stop timeout: with the login refused, a stop cannot finish talking to Redis.
  return loadConfig({ argv: ['--base-dir', dir, '--run', run, '--set', 'heartbeatSeconds=0.5', '--set', 'shutdown.timeoutSeconds=1'], env, cwd: dir });
}

/** The first error a once-mode client reports on connecting, or null when it connects. */
async function connectError(client: Redis): Promise<unknown> {
  const seen: { error: unknown } = { error: null };
  client.on('error', (error) => (seen.error ??= error));
  try {
    await client.connect();
    return null;
  } catch (error) {
    return seen.error ?? error;
  } finally {
    // disconnect() leaves a 2 s timer to destroy the socket; wait for the end so none outlives the file.
    const ended = client.status === 'end' ? Promise.resolve() : new Promise((resolve) => client.once('end', resolve));
    client.disconnect();
    await ended;
  }
}

describe('hostile input: Redis with an ACL user, a password and TLS (rediss:// + redis.tlsCaFile)', () => {
  it('runs a daemon over it: a BullMQ job round trip, its status published and its heartbeat', async () => {
    const { dir, remove } = await tempDir('redis-tls-daemon');
    const run = 'tls-a';
    // The password comes by environment, as the runbook says: a flag would show in `ps`.
    const config = configFor(dir, run, { FLYWHEEL_REDIS_URL: urlWith(PASSWORD), FLYWHEEL_REDIS_TLS_CA_FILE: tls.certs.caFile });
    const jobs: DaemonJob[] = [];
    const spec: DaemonSpec = {
      name: 'regression-monitor',
      processor: async (job, context) => {
        jobs.push(job);
        await context.statusStore.write('regression', {
          regression_detected: false, checkpoint: null, baseline_loss: null, current_loss: null,
          increase_percent: null, alert_level: 'none', baseline_checkpoint: null, threshold_percent: 15,
          critical_percent: 25, errors: [],
          evidence: { checkpoints: [], method: 'insufficient_data', examples: null, interval_percent: null, p_value: null, reason: 'tls' },
        });
      },
    };
    const logger = createLogger({ name: spec.name, logsDir: config.paths.logsDir, level: 'warn', pretty: false, stdout: false });
    const daemon = startDaemon(spec, config, logger);
    const producer = createRedis(config.redis, 'daemon');
    const queue = new Queue(spec.name, { connection: producer, prefix: redisNamespace(run).queuePrefix });
    try {
      await daemon.ready;
      expect(await producer.acl('WHOAMI')).toBe('flywheel');
      const job = await queue.add(JOB_NAMES.manual, { kind: 'manual', requestedBy: 'tls test' } satisfies DaemonJob);
      await waitFor(async () => (await queue.getJobState(job.id!)) === 'completed', { what: 'the job to complete over TLS' });
      expect(jobs).toEqual([{ kind: 'manual', requestedBy: 'tls test' }]);
      const written = JSON.parse(await readFile(path.join(config.paths.statusDir, STATUS_FILES.regression.file), 'utf8'));
      expect(written.evidence.reason).toBe('tls');
      await waitFor(async () => (await producer.exists(redisNamespace(run).heartbeat(spec.name))) === 1, { what: 'the heartbeat' });
    } finally {
      await queue.close();
      producer.disconnect();
      await daemon.stop();
      await remove();
    }
  });

  it('connects a --once client, and refuses a wrong password or an untrusted certificate with a hint naming the setting', async () => {
    expect(await connectError(createRedis({ url: urlWith(PASSWORD), tlsCaFile: tls.certs.caFile }, 'once'))).toBeNull();

    const wrongPassword = await connectError(createRedis({ url: urlWith('not-the-password'), tlsCaFile: tls.certs.caFile }, 'once'));
    expect((wrongPassword as Error).message).toMatch(/^WRONGPASS/);
    expect(redisErrorHint(wrongPassword)).toBe('Redis refused the credentials: check the user and password in redis.url');

    // A CA that signed something else, and the system CAs (no tlsCaFile): the server is not trusted either way.
    for (const tlsCaFile of [tls.certs.otherCaFile, undefined]) {
      const untrusted = await connectError(createRedis({ url: urlWith(PASSWORD), tlsCaFile }, 'once'));
      expect(redisErrorHint(untrusted)).toMatch(/TLS certificate is not trusted: set redis\.tlsCaFile/);
    }
    // And plain redis:// to the TLS port gets no answer it can use.
    expect(await connectError(createRedis(`redis://flywheel:${encodeURIComponent(PASSWORD)}@127.0.0.1:${tls.server.port}`, 'once'))).not.toBeNull();
  });

  it('logs a refused password with the hint and without the password', async () => {
    const { dir, remove } = await tempDir('redis-tls-log');
    const config = configFor(dir, 'tls-b', { FLYWHEEL_REDIS_URL: urlWith('wrong-Secret-123'), FLYWHEEL_REDIS_TLS_CA_FILE: tls.certs.caFile });
    const spec: DaemonSpec = { name: 'confidence-calibrator', processor: async () => undefined };
    const logger = createLogger({ name: spec.name, logsDir: config.paths.logsDir, level: 'warn', pretty: false, stdout: false });
    const daemon = startDaemon(spec, config, logger);
    const logFile = path.join(config.paths.logsDir, `${spec.name}.log`);
    try {
      const log = await waitFor(async () => {
        const text = await readFile(logFile, 'utf8').catch(() => '');
        return text.includes('WRONGPASS') ? text : undefined;
      }, { what: 'the refused login in the log' });
      expect(log).toContain('check the user and password in redis.url');
      expect(log).not.toContain('wrong-Secret-123');
    } finally {
      await daemon.stop();
      await remove();
    }
  });
});
