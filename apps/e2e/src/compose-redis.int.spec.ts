// docker-compose.yml's Redis wants a password (issue 17: anyone who reaches Redis can flip the
// fine-tune switch). Its entrypoint script runs here against a real redis-server, as Compose
// would run it after interpolation ($$ → $), with a stand-in for the redis image's own
// docker-entrypoint.sh (which only drops to the redis user and execs its arguments).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort, tempDir, waitFor } from '@flywheel/testing';
import { Redis } from 'ioredis';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
interface ComposeRedis { entrypoint: string[]; command: string[]; environment: Record<string, string> }
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: { redis: ComposeRedis } };
const redisService = compose.services.redis;
/** Compose turns `$$` into a literal `$` before the shell sees the script. */
const script = redisService.entrypoint[2]!.replaceAll('$$', '$');
const PASSWORD = '4f9c2a7be01d5c3e';

let folder: { dir: string; remove: () => Promise<void> };
const children: ChildProcess[] = [];

function startEntrypoint(password: string, port: number) {
  const stderr: string[] = [];
  const child = spawn('sh', ['-c', script, 'redis-server', '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', folder.dir], {
    env: { PATH: `${folder.dir}/bin:${process.env['PATH']}`, TMPDIR: folder.dir, REDISCLI_AUTH: password },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stderr, exited };
}

/** The first reply line to a PING sent without logging in. */
function unauthenticatedPing(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
    let reply = '';
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) {
        socket.destroy();
        resolve(reply.split('\r\n')[0]!);
      }
    });
    socket.on('error', reject);
  });
}

beforeAll(async () => {
  folder = await tempDir('compose-redis');
  const bin = path.join(folder.dir, 'bin');
  await mkdir(bin);
  await writeFile(path.join(bin, 'docker-entrypoint.sh'), '#!/bin/sh\nexec "$@"\n');
  await chmod(path.join(bin, 'docker-entrypoint.sh'), 0o755);
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await folder.remove();
});

describe("hostile input: docker-compose.yml's Redis wants a password", () => {
  it('refuses a client without the password, answers one with it, and keeps the password out of its arguments', async () => {
    const port = await freePort();
    const { child, exited } = startEntrypoint(PASSWORD, port);
    const client = (password?: string) => {
      const redis = new Redis({ port, host: '127.0.0.1', password, lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
      redis.on('error', () => undefined);
      return redis;
    };
    const withPassword = client(PASSWORD);
    try {
      await waitFor(async () => {
        const probe = client(PASSWORD);
        try {
          return (await probe.connect().then(() => probe.ping())) === 'PONG';
        } finally {
          probe.disconnect();
        }
      }, { what: 'redis-server from the compose entrypoint' });
      await withPassword.connect();
      expect(await withPassword.ping()).toBe('PONG');
      // Without the password, over a plain socket: a client library may close on the refusal itself.
      expect(await unauthenticatedPing(port)).toMatch(/^-NOAUTH/);
      // exec: the shell became redis-server (PID 1 in the container gets SIGTERM itself).
      const cmdline = (await readFile(`/proc/${child.pid}/cmdline`, 'utf8')).split('\0');
      expect(cmdline[0]).toMatch(/^redis-server /);
      expect(cmdline.join(' ')).not.toContain(PASSWORD);
      const conf = path.join(folder.dir, 'requirepass.conf');
      expect((await stat(conf)).mode & 0o777).toBe(0o600);
      // The seed-facing flags are still the command's: AOF and noeviction.
      expect(redisService.command).toEqual(expect.arrayContaining(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']));
    } finally {
      withPassword.disconnect();
      child.kill('SIGTERM');
      await exited;
    }
  });

  it.each([
    ['empty', ''],
    ['a quote that would end the config value', 'abc"def'],
    ['a space', 'abc def'],
  ])('refuses to start with a password that is %s, naming FLYWHEEL_REDIS_PASSWORD', async (_what, password) => {
    const { stderr, exited } = startEntrypoint(password, await freePort());
    expect(await exited).toBe(2);
    expect(stderr.join('')).toContain('FLYWHEEL_REDIS_PASSWORD: expected letters and digits only');
  });
});
