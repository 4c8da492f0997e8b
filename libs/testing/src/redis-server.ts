import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { freePort } from './free-port.js';

export interface PrivateRedis {
  /** `redis://127.0.0.1:PORT`, or with `tls`/`users` `rediss://` and the first user's credentials. */
  url: string;
  port: number;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

export interface RedisServerOptions {
  /** Serve TLS only (the plain port is off) with this certificate; clients are not asked for one. */
  tls?: { certFile: string; keyFile: string; caFile: string };
  /** ACL users with every permission; with any, the default (password-less) user is disabled. */
  users?: { name: string; password: string }[];
}

const REDIS_BINARY = process.env['REDIS_SERVER_BIN'] ?? 'redis-server';

/**
 * The environment for redis-server: ours, less libfaketime. The suite is run with the clock
 * moved (`faketime -f +365d npm test`) to show that no test depends on today's date; that
 * shim moves the clock of the code under test, but redis-server's jemalloc cannot start under
 * it (recursive clock_gettime at load), and Redis keeps no dates the tests read.
 */
export function envWithoutClockShim(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const preload = (env['LD_PRELOAD'] ?? '').split(/[\s:]+/).filter((lib) => lib !== '' && !/faketime/.test(lib));
  const { LD_PRELOAD: _dropped, ...rest } = env;
  return preload.length ? { ...rest, LD_PRELOAD: preload.join(':') } : rest;
}

/**
 * Starts a private `redis-server` on a free loopback port for one test file: nothing shared
 * with the machine's own Redis, nothing kept after `stop()`. Needs redis-server on the PATH
 * (`.ci/run` installs it).
 */
export async function startRedis(options: RedisServerOptions = {}): Promise<PrivateRedis> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flywheel-redis-'));
  const users = options.users ?? [];
  // Passwords go in an ACL file, not on the command line, where any local user could read them.
  const aclArgs: string[] = [];
  if (users.length > 0) {
    const aclFile = path.join(dir, 'users.acl');
    await writeFile(aclFile, ['user default off', ...users.map((u) => `user ${u.name} on >${u.password} ~* &* +@all`)].join('\n') + '\n', { mode: 0o600 });
    aclArgs.push('--aclfile', aclFile);
  }
  const ca = options.tls ? await readFile(options.tls.caFile) : undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const listen = options.tls
      ? ['--port', '0', '--tls-port', String(port), '--tls-cert-file', options.tls.certFile, '--tls-key-file', options.tls.keyFile,
          '--tls-ca-cert-file', options.tls.caFile, '--tls-auth-clients', 'no']
      : ['--port', String(port)];
    const child = spawn(
      REDIS_BINARY,
      [...listen, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir,
        '--maxmemory-policy', 'noeviction', ...aclArgs],
      { stdio: ['ignore', 'pipe', 'pipe'], env: envWithoutClockShim() },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    const ready = await Promise.race([waitForPort(port, 5_000, ca), spawnError]);
    if (ready === true) {
      const first = users[0];
      const auth = first ? `${encodeURIComponent(first.name)}:${encodeURIComponent(first.password)}@` : '';
      const url = `${options.tls ? 'rediss' : 'redis'}://${auth}127.0.0.1:${port}`;
      return { url, port, stop: () => stopChild(child, dir) };
    }
    child.kill('SIGKILL');
    if (ready instanceof Error) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(`cannot start ${REDIS_BINARY}: ${ready.message} (install it: apt-get install -y redis-server)`);
    }
    if (!/Address already in use/.test(output)) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(`redis-server did not start on port ${port}:\n${output}`);
    }
  }
  throw new Error('redis-server: no free port after 5 attempts');
}

async function waitForPort(port: number, timeoutMs: number, ca: Buffer | undefined): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await answersPing(port, ca)) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

/** Whether the server answers a PING; "NOAUTH" counts (it answered: with ACL users it wants a login first). */
function answersPing(port: number, ca: Buffer | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = ca ? tls.connect({ port, host: '127.0.0.1', ca }) : net.connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once(ca ? 'secureConnect' : 'connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(/^(\+PONG|-NOAUTH)/.test(data.toString()));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function stopChild(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 3_000)))]);
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }
  await rm(dir, { recursive: true, force: true });
}
