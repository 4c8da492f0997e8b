// GET /api/reports on a real HTTP server: the run's traffic in a private Redis (the monitor's
// recorded degrading traffic), a status file on disk, each format as a download.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FlywheelReport, redisNamespace } from '@flywheel/contracts';
import { createStatusStore } from '@flywheel/status-store';
import { redisPerFile, tempDir } from '@flywheel/testing';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createApiApp, type ApiApp } from './create-api-app.js';
import { startApiServer, type RunningApiServer } from './start-api-server.js';

const TRAFFIC = fileURLToPath(new URL('../../production-monitor/fixtures/degrading-traffic.jsonl', import.meta.url));
const RUN = 'reports';
const NOW = new Date('2026-11-20T10:50:00.000Z');
const logger = pino({ level: 'silent' });
const redis = redisPerFile({ maxRetriesPerRequest: 1, enableOfflineQueue: false });
let temp: { dir: string; remove: () => Promise<void> };
let app: ApiApp;
let server: RunningApiServer;

beforeAll(async () => {
  temp = await tempDir('api-reports');
  const ns = redisNamespace(RUN);
  const pipeline = redis.client.pipeline();
  for (const line of (await readFile(TRAFFIC, 'utf8')).split('\n').filter(Boolean)) {
    const l = JSON.parse(line) as { stream: string; id: string; event?: unknown; record?: unknown };
    if (l.stream === 'gateway') pipeline.xadd(ns.gatewayEvents, l.id, 'event', JSON.stringify(l.event));
    else pipeline.xadd(ns.feedback, l.id, 'record', JSON.stringify(l.record));
  }
  await pipeline.exec();
  const statusStore = createStatusStore({ statusDir: path.join(temp.dir, 'status'), run: RUN, redis: redis.client, logger });
  await statusStore.write('adversarial', { checkpoint: 'checkpoint-9', examples_tested: 40, failures_found: 7, hard_examples_written: 7, output_file: null, patterns: { 'math/hard': 7 } });
  app = createApiApp({ statusStore, redis: redis.client, run: RUN, staleFactor: 2, staleAfterSeconds: 60, logger, now: () => NOW });
  server = await startApiServer(app, { port: 0 });
});
afterAll(async () => {
  await server?.close();
  await app?.closeResources();
  await temp?.remove();
});

const get = (query: string) => fetch(`${server.url}/api/reports${query}`);
const DISPOSITION = (ext: string) => `attachment; filename=flywheel-report-20261120T105000Z.${ext}`;

describe('GET /api/reports', () => {
  it('answers the JSON report of the window as a download', async () => {
    const res = await get('?since=50m&step=10m&format=json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(DISPOSITION('json'));
    const body = FlywheelReport.parse(await res.json());
    expect(body.traffic).toMatchObject({ source: 'redis', events: 500, feedback: 100 });
    expect(body.timeline.map((p) => p.level)).toEqual(['EXCELLENT', 'HEALTHY', 'WARNING', 'CRITICAL', 'CRITICAL']);
    expect(body.failure_patterns!.top).toEqual([{ pattern: 'math/hard', failures: 7 }]);
  });

  it('answers HTML by default, Markdown and PDF with their content types', async () => {
    const html = await get('?since=50m');
    expect([html.status, html.headers.get('content-type'), html.headers.get('content-disposition')]).toEqual([200, 'text/html; charset=utf-8', DISPOSITION('html')]);
    expect(await html.text()).toContain('<section data-section="timeline">');
    const md = await get('?since=50m&format=md');
    expect([md.status, md.headers.get('content-type'), md.headers.get('content-disposition')]).toEqual([200, 'text/markdown; charset=utf-8', DISPOSITION('md')]);
    expect(await md.text()).toMatch(/^# Flywheel report — run reports, last 50m\n/);
    const pdf = await get('?since=50m&format=pdf');
    expect([pdf.status, pdf.headers.get('content-type'), pdf.headers.get('content-disposition')]).toEqual([200, 'application/pdf', DISPOSITION('pdf')]);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('answers 503 saying PDF needs Chromium when there is none', async () => {
    const before = process.env['FLYWHEEL_CHROMIUM'];
    process.env['FLYWHEEL_CHROMIUM'] = path.join(temp.dir, 'no-chromium');
    try {
      const res = await get('?since=50m&format=pdf');
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ field: 'format', error: expect.stringMatching(/^PDF needs Chromium, and there is none at .*no-chromium\. Install it \(Debian\/Ubuntu: sudo apt-get install chromium\)/) });
    } finally {
      if (before === undefined) delete process.env['FLYWHEEL_CHROMIUM'];
      else process.env['FLYWHEEL_CHROMIUM'] = before;
    }
  });

  describe('hostile input: report work one at a time', () => {
    it('builds one PDF at a time with 2 waiting: the 4th to 6th concurrent requests are answered 429 at once, with Retry-After', async () => {
      // CLIENT PAUSE holds the first report in its Redis reads for 5 s, so the others queue
      // behind it however fast or loaded the machine is; the refusals must not wait for it.
      await redis.client.call('CLIENT', 'PAUSE', '5000', 'ALL');
      const arrivals: number[] = [];
      const answers = await Promise.all(
        Array.from({ length: 6 }, async (_, i) => {
          const res = await get('?since=50m&format=pdf');
          const body = res.status === 200 ? Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString('latin1') : await res.json();
          arrivals.push(i);
          return { status: res.status, retryAfter: res.headers.get('retry-after'), body };
        }),
      );
      const built = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status !== 200);
      expect(built).toEqual(Array(3).fill({ status: 200, retryAfter: null, body: '%PDF-' }));
      expect(refused).toEqual(
        Array(3).fill({
          status: 429,
          retryAfter: '5',
          body: { error: 'report queue is full (one report is built at a time, 2 waiting): try again shortly', status: 429 },
        }),
      );
      // The three refusals answered before any report was done.
      const refusedIndexes = answers.flatMap((a, i) => (a.status === 429 ? [i] : []));
      expect(arrivals.slice(0, 3).sort()).toEqual(refusedIndexes);
      // The queue is free again: the next report is built.
      expect((await get('?since=50m&format=md')).status).toBe(200);
    });
  });

  describe('hostile input: report query', () => {
    it('refuses a bad since, format or step with a 400 naming the field', async () => {
      const bad = async (query: string) => {
        const res = await get(query);
        return [res.status, ((await res.json()) as { field: string }).field];
      };
      expect(await bad('?since=yesterday')).toEqual([400, 'since']);
      expect(await bad('?since=40d')).toEqual([400, 'since']);
      expect(await bad('?format=docx')).toEqual([400, 'format']);
      expect(await bad('?since=1h&step=2h')).toEqual([400, 'step']);
      expect(await bad('?sinec=1h')).toEqual([400, 'sinec']);
      const res = await get('?since=yesterday');
      expect(((await res.json()) as { error: string }).error).toBe('query since: must be a positive number with s, m, h or d (e.g. 24h, 90m), at most 31d');
    });

    describe('hostile input: report size', () => {
      it('refuses a step that would replay billions of passes (no token needed to ask), naming the smallest step that fits', async () => {
        const res = await get('?since=31d&step=0.001s');
        // 31 d = 2,678,400 s; at 0.001 s that is 2,678,400,000 passes; 2,678,400 / 2,880 = 930 s.
        expect([res.status, await res.json()]).toEqual([400, {
          error: 'query step: 2678400 s / 0.001 s is 2678400000 passes, more than the 2880 a report replays; use a step of at least 930 s',
          field: 'step',
          status: 400,
        }]);
      });
    });
  });
});
