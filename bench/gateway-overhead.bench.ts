// The gateway's cost: the same chat request sent to the simulated model server directly and
// through the gateway, in the same run. The simulator runs in a second process, the load in a
// third (autocannon for throughput, and a sequential probe timing single requests in µs, which
// autocannon's whole-millisecond latencies cannot resolve). The gateway lives in this process,
// writing its events to a private Redis as in production.
// Goals: p50 overhead < 1 ms, throughput through the gateway ≥ 0.8 × direct.
import { createGatewayApp, createPerformanceTracker, createRedisEventSink, startGatewayServer } from '@flywheel/gateway';
import { freePort, startNodeProcess, startRedis, waitFor } from '@flywheel/testing';
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { DEMO_SET, printResult } from './bench-examples.js';

const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
const SIMULATOR = fileURLToPath(new URL('../apps/simulator/dist/main.js', import.meta.url));
const ROUNDS = 3;
const SECONDS = 5;
const CONNECTIONS = 16;
const PROBE_REQUESTS = 2000;
/** Simulated service time per request (ms): a model server never answers in no time. */
const SERVICE_MS = Number(process.env['GATEWAY_BENCH_SERVICE_MS'] ?? 20);
const BODY = JSON.stringify({
  model: 'simulated-base',
  messages: [{ role: 'user', content: 'What is 12 + 6?\nAnswer with the number only.\n' }],
  max_tokens: 8,
});

// Runs in its own process: alternates direct and gateway requests over keep-alive connections,
// timing each with hrtime; prints the p50 of each in ms.
const PROBE = `
import http from 'node:http';
const [direct, bare, gateway, body, count] = process.argv.slice(1);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const send = (url) => new Promise((resolve, reject) => {
  const started = process.hrtime.bigint();
  const req = http.request(url + '/v1/chat/completions', { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
    res.resume();
    res.on('end', () => (res.statusCode === 200 ? resolve(Number(process.hrtime.bigint() - started) / 1e6) : reject(new Error(url + ' answered ' + res.statusCode))));
  });
  req.on('error', reject);
  req.end(body);
});
const targets = { direct, bare, gateway };
const times = { direct: [], bare: [], gateway: [] };
for (let i = 0; i < 200; i++) for (const url of Object.values(targets)) await send(url);
for (let i = 0; i < Number(count); i++) for (const [name, url] of Object.entries(targets)) times[name].push(await send(url));
const p50 = (v) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
console.log(JSON.stringify({ direct: p50(times.direct), bare: p50(times.bare), gateway: p50(times.gateway) }));
`;

async function probe(directUrl: string, bareUrl: string, gatewayUrl: string): Promise<{ direct: number; bare: number; gateway: number }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', PROBE, directUrl, bareUrl, gatewayUrl, BODY, String(PROBE_REQUESTS)]);
  return JSON.parse(stdout) as { direct: number; bare: number; gateway: number };
}

/**
 * The floor any proxy pays for the extra hop on this machine: node:http piping the request
 * through, no parsing, no tracking, no events. Shown beside the gateway for scale.
 */
async function startBareProxy(upstreamUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const out = http.request(upstreamUrl + req.url, { method: req.method, agent, headers: { 'content-type': 'application/json' } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'application/json' });
      answer.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
      agent.destroy();
    }),
  };
}

async function load(url: string): Promise<number> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [AUTOCANNON, '--json', '--connections', String(CONNECTIONS), '--duration', String(SECONDS), '--method', 'POST',
      '--headers', 'content-type=application/json', '--body', BODY, `${url}/v1/chat/completions`],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const result = JSON.parse(stdout) as { requests: { average: number }; non2xx: number; errors: number };
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors under load`);
  return result.requests.average;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function gatewayOverheadBench(): Promise<{ p50OverheadMs: number; throughputRatio: number }> {
  const redis = await startRedis();
  const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  const port = await freePort();
  const simulator = startNodeProcess(SIMULATOR, ['serve', '--examples', DEMO_SET, '--port', String(port), '--base-ms', String(SERVICE_MS), '--max-concurrency', '64']);
  const directUrl = `http://127.0.0.1:${port}`;
  let gateway: Awaited<ReturnType<typeof startGatewayServer>> | undefined;
  let bare: Awaited<ReturnType<typeof startBareProxy>> | undefined;
  try {
    await waitFor(async () => (await fetch(`${directUrl}/health`)).ok, { what: 'the simulator', timeoutMs: 30_000 });
    const tracker = createPerformanceTracker({ policy: { failures: 3, baseMs: 3_600_000 } });
    const app = createGatewayApp({
      upstreams: [{ name: 'sim', baseUrl: directUrl, model: 'simulated-base' }],
      tracker, criterion: 'speed', maxAttempts: 3, timeoutMs: 30_000, recordChars: 2000,
      emit: createRedisEventSink(client, { run: 'bench', maxLength: 100_000, ttlSeconds: 600 }),
    });
    gateway = await startGatewayServer(app, { host: '127.0.0.1', port: 0 });
    bare = await startBareProxy(directUrl);

    const latency = await probe(directUrl, bare.url, gateway.url);
    await load(directUrl); // warm-up, not counted
    await load(bare.url);
    await load(gateway.url);
    const direct: number[] = [];
    const piped: number[] = [];
    const through: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      direct.push(await load(directUrl));
      piped.push(await load(bare.url));
      through.push(await load(gateway.url));
    }
    const p50OverheadMs = latency.gateway - latency.direct;
    const throughputRatio = median(through) / median(direct);
    const events = await client.xlen('{flywheel:bench}:gateway:events');
    printResult('gateway overhead (simulator in a 2nd process, load in a 3rd)', {
      [`simulated service time`]: `${SERVICE_MS} ms per request`,
      [`p50 latency, ${PROBE_REQUESTS} sequential requests each (ms)`]:
        `direct ${latency.direct.toFixed(3)} / bare proxy ${latency.bare.toFixed(3)} / gateway ${latency.gateway.toFixed(3)}`,
      'p50 overhead (goal < 1 ms)': `${p50OverheadMs.toFixed(3)} ms (a bare node:http pipe: ${(latency.bare - latency.direct).toFixed(3)} ms)`,
      [`throughput, ${CONNECTIONS} connections, ${ROUNDS} × ${SECONDS} s (req/s, median)`]:
        `direct ${median(direct).toFixed(0)} / bare proxy ${median(piped).toFixed(0)} / gateway ${median(through).toFixed(0)}`,
      'throughput ratio (goal ≥ 0.8)': `${throughputRatio.toFixed(3)} (a bare node:http pipe: ${(median(piped) / median(direct)).toFixed(3)})`,
      'gateway events written to Redis': events,
    });
    return { p50OverheadMs, throughputRatio };
  } finally {
    await gateway?.close();
    await bare?.close();
    await simulator.stop();
    client.disconnect();
    await redis.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await gatewayOverheadBench();
