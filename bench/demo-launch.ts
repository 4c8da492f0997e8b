// The demo's loop (scripts/up.sh) started from a bench with the apps as built, on free ports,
// with a read token and a Redis password the bench chooses (so it can read both), and stopped
// in up.sh's own order; shared by the soak and the checkpoint-latency bench.
import { DAEMON_NAMES } from '@flywheel/contracts';
import { demoEnvironment, freeDemoPorts, waitFor, type DemoPorts } from '@flywheel/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface Demo {
  dir: string;
  child: ChildProcess;
  ports: DemoPorts;
  readToken: string;
  redisPassword: string;
  output: () => string;
  exited: Promise<void>;
  ended: () => boolean;
  stop: () => Promise<void>;
}

/** Throws naming the apps without a dist/main.js: the benches run the apps as built. */
export function requireBuiltApps(): void {
  const missing = ['simulator', 'api', 'gateway', ...DAEMON_NAMES].filter((name) => !existsSync(path.join(ROOT, `apps/${name}/dist/main.js`)));
  if (missing.length) throw new Error(`not built: ${missing.join(', ')} (run \`npm run build\` first)`);
}

/**
 * Starts scripts/up.sh in `dir` (FLYWHEEL_DEMO_SKIP_BUILD=1) with `env` on top of the demo's
 * environment. `backstopSeconds`: up.sh stops by itself after that long, even if the bench dies.
 */
export async function launchDemo(dir: string, env: Record<string, string>, backstopSeconds: number): Promise<Demo> {
  const ports = await freeDemoPorts();
  const readToken = randomBytes(16).toString('hex');
  // up.sh's Redis wants a login (ACL user flywheel); the bench chooses the password to read it too.
  const redisPassword = randomBytes(16).toString('hex');
  const child = spawn('bash', [path.join(ROOT, 'scripts/up.sh')], {
    cwd: ROOT,
    env: demoEnvironment(dir, ports, {
      FLYWHEEL_DEMO_REDIS_PASSWORD: redisPassword,
      FLYWHEEL_DEMO_SKIP_BUILD: '1',
      FLYWHEEL_DEMO_SECONDS: String(Math.ceil(backstopSeconds)),
      // Reads with a token, as on any host that is not only loopback.
      FLYWHEEL_API_READ_TOKEN: readToken,
      ...env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
  child.stderr!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async () => {
    if (!ended()) {
      child.kill('SIGTERM');
      // up.sh stops daemons (20 s), servers (20 s), the serving server and Redis (10 s each).
      const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 90_000).unref());
      if ((await Promise.race([exited, timer])) === 'late') {
        // Only what this demo recorded (every process runs in a session of its own).
        const recorded = (await readFile(path.join(dir, 'demo.pids'), 'utf8').catch(() => '')).trim().split('\n').map((l) => Number(l.split(' ')[1]));
        const serving = Number((await readFile(path.join(dir, 'serving', 'server.pid'), 'utf8').catch(() => '0')).split('\n')[0]);
        for (const pid of [child.pid!, ...recorded, -serving].filter((p) => p && Number.isInteger(p))) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
    }
  };
  return { dir, child, ports, readToken, redisPassword, output: () => output, exited, ended, stop };
}

/** A GET of the demo's API with its read token. */
export const demoApi = (demo: Demo, route: string) =>
  fetch(`http://127.0.0.1:${demo.ports.api}${route}`, { headers: { authorization: `Bearer ${demo.readToken}` }, signal: AbortSignal.timeout(30_000) });

/** `what`, or up.sh's last output in the error when up.sh ends first. */
export function whileUp(demo: Demo) {
  const endedEarly = demo.exited.then(() => {
    throw new Error('scripts/up.sh ended early');
  });
  endedEarly.catch(() => undefined);
  return async <T>(what: Promise<T>): Promise<T> => {
    try {
      return await Promise.race([what, endedEarly]);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- up.sh output ---\n${demo.output().slice(-3000)}`);
    }
  };
}

/** Until /api/status shows every daemon alive. */
export async function untilDaemonsAlive(demo: Demo, timeoutMs = 120_000): Promise<void> {
  await waitFor(async () => {
    const res = await demoApi(demo, '/api/status');
    if (res.status !== 200) return undefined;
    const daemons = ((await res.json()) as { daemons: Record<string, { alive: boolean }> }).daemons;
    return DAEMON_NAMES.every((d) => daemons[d]?.alive) || undefined;
  }, { timeoutMs, intervalMs: 500, what: 'every daemon alive in /api/status' });
}
