import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';
import { envWithoutClockShim } from './redis-server.js';
import { waitFor } from './wait-for.js';

export interface PrivatePrometheus {
  /** `http://127.0.0.1:PORT`, its HTTP API under /api/v1. */
  url: string;
  /** Instant query (`/api/v1/query`) at Prometheus' own now, or at `time` (seconds since the epoch, as its samples carry). */
  query<T = InstantResult>(expr: string, time?: number): Promise<T[]>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** One series of an instant vector (`value`) or of a range selector's matrix (`values`): [seconds, "number"]. */
export interface InstantResult {
  metric: Record<string, string>;
  value: [number, string];
}
export interface RangeResult {
  metric: Record<string, string>;
  values: [number, string][];
}

/**
 * Starts Debian's real `prometheus` (package `prometheus`, on the PATH) on a free loopback port
 * with the given configuration (YAML text; `rule_files` paths should be absolute) and a fresh
 * TSDB folder, and resolves once it answers queries. Nothing kept after `stop()`.
 */
export async function startPrometheus(configYaml: string): Promise<PrivatePrometheus> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flywheel-prometheus-'));
  const configFile = path.join(dir, 'prometheus.yml');
  await writeFile(configFile, configYaml);
  const port = await freePort();
  const child = spawn(
    'prometheus',
    [`--config.file=${configFile}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'], env: envWithoutClockShim() },
  );
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  let exited: string | null = null;
  const gone = new Promise<void>((resolve) => child.once('exit', (code, signal) => ((exited = `exit ${code ?? signal}`), resolve())));
  child.once('error', (error) => (exited = `could not run prometheus (Debian: apt-get install prometheus): ${error.message}`));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited === null) child.kill('SIGTERM');
    await gone;
    await rm(dir, { recursive: true, force: true });
  };
  const query = async <T>(expr: string, time?: number): Promise<T[]> => {
    const params = new URLSearchParams({ query: expr });
    if (time !== undefined) params.set('time', time.toFixed(3));
    const res = await fetch(`${url}/api/v1/query?${params}`);
    const body = (await res.json()) as { status: string; error?: string; data?: { result: T[] } };
    if (body.status !== 'success') throw new Error(`prometheus query ${expr}: ${body.error ?? res.status}`);
    return body.data!.result;
  };
  try {
    await waitFor(
      async () => {
        if (exited !== null) throw new Error(`prometheus stopped (${exited}): ${log}`);
        return (await fetch(`${url}/-/ready`)).status === 200;
      },
      { what: 'prometheus to be ready', timeoutMs: 30_000, intervalMs: 100 },
    );
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${log}`);
  }
  return { url, query, stop };
}
