// `GET /api/status` under load from a second process (autocannon), as a ratio against a bare
// Express route that returns the same JSON, measured in the same run (goal: throughput ≥ 0.8).
// Both servers live in this process; the load comes from an autocannon child process, one
// target at a time, alternating, so drift on a shared machine hits both alike.
import { createApiApp, startApiServer } from '@flywheel/api-server';
import { STATUS_IDS, type StatusId } from '@flywheel/contracts';
import { createStatusStore } from '@flywheel/status-store';
import { startRedis, tempDir } from '@flywheel/testing';
import express from 'express';
import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { BODIES, bodyOf } from '../libs/api-server/src/status-bodies.fixture.js';
import { printResult } from './bench-examples.js';

const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
const ROUNDS = 3;
const SECONDS = 5;
const CONNECTIONS = 16;

interface Load {
  rps: number;
  p99: number;
}

async function load(url: string): Promise<Load> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [AUTOCANNON, '--json', '--connections', String(CONNECTIONS), '--duration', String(SECONDS), url],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const result = JSON.parse(stdout) as { requests: { average: number }; latency: { p99: number }; non2xx: number; errors: number };
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors under load`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function apiStatusBench(): Promise<{ ratio: number }> {
  const redis = await startRedis();
  const { dir, remove } = await tempDir('bench-api');
  const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  const logger = pino({ level: 'silent' });
  let bare: Server | undefined;
  let api: { url: string; close(): Promise<void> } | undefined;
  try {
    const statusStore = createStatusStore({ statusDir: dir, run: 'bench', redis: client, logger });
    // Every status the fixture has a body for, so /api/status reads and validates real files.
    for (const id of STATUS_IDS.filter((id) => BODIES[id])) await statusStore.write(id, bodyOf(id as StatusId));
    const app = createApiApp({ statusStore, redis: client, run: 'bench', staleFactor: 3, staleAfterSeconds: 900, logger });
    api = await startApiServer(app, { host: '127.0.0.1', port: 0 });
    const sample = await (await fetch(`${api.url}/api/status`)).json();

    const plain = express();
    plain.get('/api/status', (_req, res) => {
      res.json(sample);
    });
    bare = await new Promise<Server>((resolve) => {
      const server = plain.listen(0, '127.0.0.1', () => resolve(server));
    });
    const address = bare.address();
    const bareUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/status`;

    await load(bareUrl); // warm-up of both, not counted
    await load(`${api.url}/api/status`);
    const flywheel: Load[] = [];
    const baseline: Load[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      baseline.push(await load(bareUrl));
      flywheel.push(await load(`${api.url}/api/status`));
    }
    const ratio = median(flywheel.map((l) => l.rps)) / median(baseline.map((l) => l.rps));
    printResult('GET /api/status under load (autocannon, second process)', {
      [`${CONNECTIONS} connections, ${ROUNDS} × ${SECONDS} s each`]: '',
      'bare Express, same JSON (req/s, median)': median(baseline.map((l) => l.rps)).toFixed(0),
      'flywheel /api/status (req/s, median)': median(flywheel.map((l) => l.rps)).toFixed(0),
      'throughput ratio (goal ≥ 0.8)': ratio.toFixed(3),
      'p99 latency bare / flywheel (ms)': `${median(baseline.map((l) => l.p99))} / ${median(flywheel.map((l) => l.p99))}`,
    });
    return { ratio };
  } finally {
    await api?.close();
    await new Promise((resolve) => (bare ? bare.close(resolve) : resolve(undefined)));
    client.disconnect();
    await redis.stop();
    await remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await apiStatusBench();
