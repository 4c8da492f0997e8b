// The live analysis stream end to end: the alert analyst's pass asks the simulated model server
// (pacing its tokens 300 ms apart), and a real HTTP client reads the API's SSE route.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { analysesFile, analysisSettings, analystPass, type PassDeps } from '@flywheel/alert-analysis';
import { loadConfig } from '@flywheel/config';
import { AlertAnalysisRecord, AnalysisStreamEvent, redisNamespace, type Alert } from '@flywheel/contracts';
import { readJsonLines } from '@flywheel/feedback';
import { startSimulatorServer, type SimulatorServer } from '@flywheel/simulation';
import { createStatusStore } from '@flywheel/status-store';
import { redisPerFile, tempDir, waitFor } from '@flywheel/testing';
import path from 'node:path';
import { pino } from 'pino';
import { createApiApp } from './create-api-app.js';
import { startApiServer, type RunningApiServer } from './start-api-server.js';

const logger = pino({ level: 'silent' });
const redis = redisPerFile({ maxRetriesPerRequest: 1, enableOfflineQueue: false });
const TOKENS = ['[', 'simulator', ']', ' unknown', ' prompt'];
let sim: SimulatorServer;
let temp: { dir: string; remove: () => Promise<void> };
const servers: RunningApiServer[] = [];

beforeAll(async () => {
  sim = await startSimulatorServer({ examples: [], serviceTime: { tokenMs: 300 } });
  temp = await tempDir('api-alert-stream');
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await sim.close();
  await temp.remove();
});

/** An API on its own run, and the analyst's pass on the same run. */
async function setUp(run: string): Promise<{ url: string; deps: PassDeps; statusDir: string }> {
  const statusDir = path.join(temp.dir, run);
  const statusStore = createStatusStore({ statusDir, run, redis: redis.client, logger });
  const app = createApiApp({ statusStore, redis: redis.client, run, staleFactor: 2, staleAfterSeconds: 60, logger });
  const server = await startApiServer(app, { port: 0 });
  servers.push(server);
  const config = loadConfig({ argv: ['--run', run, '--set', `alerts.analysis.baseUrl=${sim.url}`, '--set', 'alerts.analysis.model=simulated-base'], env: {}, cwd: temp.dir });
  const deps: PassDeps = {
    redis: redis.client, run, statusStore, settings: analysisSettings(config), evidence: { ...config.alerts.evidence, redact: config.safety.redact }, logger,
    severities: config.alerts.severities, analyseSeverities: config.alerts.analyseSeverities,
  };
  return { url: server.url, deps, statusDir };
}

async function raise(run: string): Promise<string> {
  const alert: Alert = { kind: 'health_critical', severity: 'P0', at: new Date().toISOString(), source: 'llm_health.json', subject: 'CRITICAL', summary: 'health CRITICAL', details: {} };
  return (await redis.client.xadd(redisNamespace(run).alerts, '*', 'alert', JSON.stringify(alert)))!;
}

interface SseEvent { id: string; event: string; data: AnalysisStreamEvent }

/** A real SSE client (fetch): calls `onEvent` per event until it returns true or the stream ends; then drops the connection. */
async function readSse(url: string, headers: Record<string, string>, onEvent: (event: SseEvent) => Promise<boolean> | boolean): Promise<void> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(bytes, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const fields = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':') && l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
        if (!fields['id'] || !fields['data']) continue;
        if (await onEvent({ id: fields['id'], event: fields['event']!, data: AnalysisStreamEvent.parse(JSON.parse(fields['data'])) })) return;
      }
    }
  } finally {
    controller.abort();
  }
}

async function storedAnswer(statusDir: string, analysisId: string): Promise<string> {
  const { values } = await readJsonLines(analysesFile(statusDir), AlertAnalysisRecord);
  const record = values.find((r) => r.analysis_id === analysisId && r.status === 'complete');
  if (!record) throw new Error(`no complete record of ${analysisId}`);
  return record.answer;
}

/** Connections blocked in an XREAD: the SSE clients' dedicated connections. */
async function blockedReaders(): Promise<number> {
  const list = (await redis.client.client('LIST')) as string;
  return list.split('\n').filter((line) => / cmd=xread\b/.test(line)).length;
}

describe('GET /api/alerts/analysis/stream', () => {
  it('delivers the tokens in order while generation is still running', async () => {
    const { url, deps, statusDir } = await setUp('live');
    const alertId = await raise('live');
    const received: SseEvent[] = [];
    let tokensInStreamAtFirst: number | null = null;
    let endInStreamAtFirst: boolean | null = null;
    const reading = readSse(`${url}/api/alerts/analysis/stream`, {}, async (event) => {
      received.push(event);
      if (event.data.kind === 'token' && tokensInStreamAtFirst === null) {
        // What the analyst had produced when the client got token 1: every token is added to the
        // stream as the simulator sends it, and analysis.end after the last.
        const entries = (await redis.client.xrange(redisNamespace('live').analysisEvents, '-', '+')) as [string, string[]][];
        const kinds = entries.map(([, fields]) => (JSON.parse(fields[1]!) as AnalysisStreamEvent).kind);
        tokensInStreamAtFirst = kinds.filter((k) => k === 'token').length;
        endInStreamAtFirst = kinds.includes('analysis.end');
      }
      return event.data.kind === 'analysis.end';
    });
    await waitFor(async () => (await blockedReaders()) > 0, { what: 'the client’s stream to be open' });
    const pass = analystPass(deps, { flush: true });
    await reading;
    await pass;
    expect(endInStreamAtFirst).toBe(false);
    expect(tokensInStreamAtFirst).toBeLessThan(TOKENS.length);
    expect(received.map((e) => e.event)).toEqual(['analysis.start', 'token', 'token', 'token', 'token', 'token', 'analysis.end']);
    expect(received[0]!.data).toMatchObject({ kind: 'analysis.start', analysis_id: `an-${alertId}`, alerts: [alertId], model: 'simulated-base' });
    const tokens = received.filter((e) => e.data.kind === 'token').map((e) => e.data as Extract<AnalysisStreamEvent, { kind: 'token' }>);
    expect(tokens.map((t) => t.index)).toEqual([0, 1, 2, 3, 4]);
    expect(tokens.map((t) => t.text)).toEqual(TOKENS);
    expect(received.at(-1)!.data).toEqual({ kind: 'analysis.end', analysis_id: `an-${alertId}`, status: 'complete' });
    // Event ids are the stream's entry ids, increasing.
    const asPair = (id: string) => id.split('-').map(Number) as [number, number];
    const increasing = received.slice(1).every((e, i) => {
      const [ms, seq] = asPair(e.id);
      const [pms, pseq] = asPair(received[i]!.id);
      return ms > pms || (ms === pms && seq > pseq);
    });
    expect(increasing).toBe(true);
    expect(tokens.map((t) => t.text).join('')).toBe(await storedAnswer(statusDir, `an-${alertId}`));
    await waitFor(async () => (await blockedReaders()) === 0, { what: 'the client’s Redis connection to close' });
  });

  it('gives a client that drops mid-analysis and reconnects with Last-Event-ID the complete text', async () => {
    const { url, deps, statusDir } = await setUp('resume');
    const alertId = await raise('resume');
    const analysisId = `an-${alertId}`;
    let text = '';
    let lastId = '';
    const first = readSse(`${url}/api/alerts/analysis/stream`, {}, (event) => {
      lastId = event.id;
      if (event.data.kind === 'token') text += event.data.text;
      // Drop after the second token, while the simulator is still generating.
      return event.data.kind === 'token' && event.data.index === 1;
    });
    await waitFor(async () => (await blockedReaders()) > 0, { what: 'the first connection' });
    const pass = analystPass(deps, { flush: true });
    await first;
    expect(text).toBe('[simulator');
    await waitFor(async () => (await blockedReaders()) === 0, { what: 'the dropped client’s Redis connection to close' });
    // Generation carries on without the client; it comes back after the end.
    await pass;
    const resumed: SseEvent[] = [];
    await readSse(`${url}/api/alerts/analysis/stream`, { 'Last-Event-ID': lastId }, (event) => {
      resumed.push(event);
      if (event.data.kind === 'token') text += event.data.text;
      return event.data.kind === 'analysis.end';
    });
    expect(resumed.map((e) => e.event)).toEqual(['token', 'token', 'token', 'analysis.end']);
    expect(resumed.map((e) => (e.data.kind === 'token' ? e.data.index : -1))).toEqual([2, 3, 4, -1]);
    expect(text).toBe('[simulator] unknown prompt');
    expect(text).toBe(await storedAnswer(statusDir, analysisId));

    // ?last_event_id= does the same for clients that cannot set headers; a new client starts at the latest analysis.
    const viaQuery: string[] = [];
    await readSse(`${url}/api/alerts/analysis/stream?last_event_id=${encodeURIComponent(lastId)}`, {}, (event) => (viaQuery.push(event.event), event.data.kind === 'analysis.end'));
    expect(viaQuery).toEqual(['token', 'token', 'token', 'analysis.end']);
    const fresh: string[] = [];
    await readSse(`${url}/api/alerts/analysis/stream`, {}, (event) => (fresh.push(event.event), event.data.kind === 'analysis.end'));
    expect(fresh).toEqual(['analysis.start', 'token', 'token', 'token', 'token', 'token', 'analysis.end']);
  });

  it('refuses a Last-Event-ID that is not a stream id, naming it', async () => {
    const { url } = await setUp('bad-id');
    const response = await fetch(`${url}/api/alerts/analysis/stream`, { headers: { 'Last-Event-ID': 'yesterday' } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: 'last_event_id', error: 'Last-Event-ID: "yesterday" is not an event id of this stream (<ms>-<seq>)' });
  });
});
