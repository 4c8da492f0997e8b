import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';

export interface PrivateRedis {
  url: string;
  port: number;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
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
export async function startRedis(): Promise<PrivateRedis> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flywheel-redis-'));
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = spawn(
      REDIS_BINARY,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir,
        '--maxmemory-policy', 'noeviction'],
      { stdio: ['ignore', 'pipe', 'pipe'], env: envWithoutClockShim() },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    const ready = await Promise.race([waitForPort(port, 5_000), spawnError]);
    if (ready === true) {
      return { url: `redis://127.0.0.1:${port}`, port, stop: () => stopChild(child, dir) };
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

async function waitForPort(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await answersPing(port)) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
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
