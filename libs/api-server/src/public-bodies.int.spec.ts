import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { STATUS_FILES, type StatusId } from '@flywheel/contracts';
import { analysesFile, appendAnalysis } from '@flywheel/alert-analysis';
import { ratingsFile } from '@flywheel/feedback';
import { appendFile } from 'node:fs/promises';
import { createStatusStore } from '@flywheel/status-store';
import { redisPerFile, tempDir } from '@flywheel/testing';
import { mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { pino } from 'pino';
import { createApiApp } from './create-api-app.js';
import { methodOf } from './plugin.js';
import { DEFAULT_PLUGINS } from './plugins/index.js';
import { startApiServer, type RunningApiServer } from './start-api-server.js';
import { writeResult, record } from './eval-results.fixture.js';
import { POLICY, UPSTREAMS, writeGatewaySnapshot } from './gateway-snapshot.fixture.js';
import { BODIES } from './status-bodies.fixture.js';

// Not only error answers: every GET route, answered from a populated run folder, must not tell
// a client where the run lives on disk or which upstream addresses the gateway calls.
const logger = pino({ level: 'silent' });
const redis = redisPerFile({ maxRetriesPerRequest: 1, enableOfflineQueue: false });
let temp: { dir: string; remove: () => Promise<void> };
let server: RunningApiServer;
const upstreamUrls = UPSTREAMS.map((u) => u.baseUrl);

/** The body of one GET (an event stream: its first chunk, then dropped). */
function get(route: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.get({ host: hostname, port, path: route }, (res) => {
      const stream = String(res.headers['content-type']).startsWith('text/event-stream');
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (stream) (resolve({ status: res.statusCode!, text }), req.destroy());
      });
      res.on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.on('error', reject);
  });
}

beforeAll(async () => {
  temp = await tempDir('api-public-bodies');
  const statusDir = path.join(temp.dir, 'train', 'status');
  const checkpointsDir = path.join(temp.dir, 'train', 'checkpoints');
  const statusStore = createStatusStore({ statusDir, run: 'bodies', redis: redis.client, logger });
  for (const [id, body] of Object.entries(BODIES)) await statusStore.write(id as StatusId, body as never);
  // A torn status file: its read error names the file, which /api/status reports.
  await writeFile(statusStore.fileOf('adversarial'), '{"checkpoint": "checkpoint-1200", ');
  await writeGatewaySnapshot(statusDir);
  // An alert analysis that could not reach its model server, and a torn line after it.
  await appendAnalysis(statusDir, {
    analysis_id: 'an-1', status: 'unavailable', alerts: [], model: 'deployed', base_url: `${UPSTREAMS[0]!.baseUrl}/v1`,
    messages: [{ role: 'user', content: 'why?' }], prompt: 'why?', answer: '', error: `${UPSTREAMS[0]!.baseUrl}/v1: ECONNREFUSED`, attempt: 1,
    timings: { first_alert_at: '2026-11-25T10:00:00.000Z', started_at: '2026-11-25T10:00:00.000Z', first_token_ms: null, total_ms: 10 }, tokens: 0,
  });
  await appendFile(analysesFile(statusDir), '{"analysis_id": \n');
  // A torn ratings line: the feedback stats report it with its file.
  await mkdir(path.dirname(ratingsFile(statusDir)), { recursive: true });
  await writeFile(ratingsFile(statusDir), '{"request_id": "torn\n');
  await writeResult(path.join(statusDir, 'evals'), 'checkpoint-100', 'k1', [record('e1', 'easy', true), record('e2', 'hard', false)]);
  await mkdir(path.join(checkpointsDir, 'checkpoint-100'), { recursive: true });
  await writeFile(path.join(checkpointsDir, 'checkpoint-100', 'trainer_state.json'), JSON.stringify({ global_step: 100, log_history: [{ step: 100, loss: 0.5 }] }));
  const app = createApiApp({
    statusStore, redis: redis.client, run: 'bodies', staleFactor: 2, staleAfterSeconds: 60, logger, statusSnapshotMs: 0,
    checkpointsDir, dataDir: path.join(temp.dir, 'train', 'data'), queueDir: path.join(temp.dir, 'train', 'queue'),
    gateway: { upstreams: UPSTREAMS, criterion: 'speed', blacklist: POLICY },
  });
  server = await startApiServer(app, { port: 0 });
});
afterAll(async () => {
  await server.close();
  await temp.remove();
});

describe('hostile input: answers without paths or upstream URLs', () => {
  it('answers every GET route of the API from a populated run folder without its absolute paths or the upstream URLs', async () => {
    const params: Record<string, string> = { ':modelName': 'deployed', ':name': 'checkpoint-100', ':daemon': 'regression-monitor' };
    const routes = [
      '/healthz', '/readyz', '/metrics', '/api/status',
      ...DEFAULT_PLUGINS.filter((p) => methodOf(p) === 'GET').map((p) => p.route.replace(/:[A-Za-z]+/g, (param) => params[param]!)),
    ];
    // The walk covers the status routes and the ones that read folders (not a vacuous loop).
    expect(routes).toEqual(expect.arrayContaining(['/api/status', '/api/training', '/api/checkpoints/checkpoint-100/trainer_state', '/api/performance/metrics/deployed', '/api/previews']));
    expect(routes.length).toBeGreaterThan(30);
    const leaks: string[] = [];
    for (const route of routes) {
      const { text } = await get(route);
      for (const hidden of [temp.dir, ...upstreamUrls]) if (text.includes(hidden)) leaks.push(`${route}: ${text.slice(Math.max(0, text.indexOf(hidden) - 120), text.indexOf(hidden) + 80)}`);
    }
    expect(leaks).toEqual([]);
    // The torn file is still reported, by its file name.
    const status = JSON.parse((await get('/api/status')).text) as { statuses: Record<string, { state: string; error?: string }> };
    expect(status.statuses['adversarial']).toMatchObject({ state: 'error' });
    expect(status.statuses['adversarial']!.error).toContain(STATUS_FILES.adversarial.file);
    const analyses = JSON.parse((await get('/api/alerts/analyses')).text) as { analyses: { analysis_id: string; error: string }[]; problems: { file: string }[] };
    expect(analyses.analyses.map((a) => [a.analysis_id, a.error])).toEqual([['an-1', '[url]: ECONNREFUSED']]);
    expect(analyses.problems.map((p) => p.file)).toEqual(['alert_analyses.jsonl']);
    const stats = JSON.parse((await get('/api/monitor/training/stats')).text) as { file: string; errors: { file: string; line: number }[] };
    expect([stats.file, stats.errors]).toEqual(['feedback/ratings.jsonl', [expect.objectContaining({ file: 'feedback/ratings.jsonl', line: 1 })]]);
  });
});
