// Issue 19: `promtool check metrics` (Debian's prometheus package) on the API's /metrics, with
// every family present: queues on a private Redis with a finished job, the production
// monitor's llm_health.json with quantile entries, the gateway's snapshot, status files,
// evaluations and deployments.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { redisNamespace } from '@flywheel/contracts';
import { createStatusStore } from '@flywheel/status-store';
import { redisPerFile, tempDir, waitFor } from '@flywheel/testing';
import { Queue, Worker } from 'bullmq';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { createApiApp } from './create-api-app.js';
import { record, writeResult } from './eval-results.fixture.js';
import { POLICY, SAVED_AT, UPSTREAMS, writeGatewaySnapshot } from './gateway-snapshot.fixture.js';
import { llmHealthBody } from './llm-health-body.fixture.js';
import { bodyOf } from './status-bodies.fixture.js';

const RUN = 'metrics-lint';
const logger = pino({ level: 'silent' });
const redis = redisPerFile({ maxRetriesPerRequest: 1, enableOfflineQueue: false });
let temp: { dir: string; remove: () => Promise<void> };
beforeAll(async () => {
  temp = await tempDir('api-metrics-lint');
});
afterAll(async () => {
  await temp?.remove();
});

/** `promtool check metrics` reading `text` on stdin: its exit code and everything it printed. */
function promtoolCheck(text: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => reject(new Error(`promtool could not run (Debian: apt-get install prometheus): ${error.message}`)));
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(text);
  });
}

describe('GET /metrics against promtool', () => {
  it('passes promtool check metrics with every family present; precomputed quantiles are summaries under their old names', async () => {
    const statusDir = path.join(temp.dir, 'status');
    const prefix = redisNamespace(RUN).queuePrefix;
    const connection = redis.client.duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true });
    const queue = new Queue('model-comparison', { connection, prefix });
    const worker = new Worker('model-comparison', async () => 'ok', { connection, prefix });
    const statusStore = createStatusStore({ statusDir, run: RUN, redis: redis.client, logger });
    const app = createApiApp({
      statusStore, redis: redis.client, run: RUN, staleFactor: 2, staleAfterSeconds: 60, logger,
      now: () => new Date(SAVED_AT.getTime() + 90_000), gateway: { upstreams: UPSTREAMS, criterion: 'speed', blacklist: POLICY },
    });
    try {
      await queue.add('manual.run', { kind: 'manual', requestedBy: 'test' }, { jobId: 'done' });
      await waitFor(async () => (await queue.getJobState('done')) === 'completed', { what: 'the job to complete' });
      const attributes = { 'service.name': 'flywheel-gateway', 'gen_ai.request.model': 'deployed', 'gen_ai.operation.name': 'chat' };
      await statusStore.write('llm_health', llmHealthBody({
        level: 'HEALTHY',
        health_score: 0.8,
        metric_entries: [
          { name: 'gen_ai.server.request.duration', unit: 's', value: 0.25, attributes: { ...attributes, quantile: 0.5 } },
          { name: 'gen_ai.server.request.duration', unit: 's', value: 1.5, attributes: { ...attributes, quantile: 0.99 } },
          { name: 'flywheel.llm.requests', unit: '{request}', value: 40, attributes },
          // The judge's outdated and bias rates, with the window-wide attributes production-monitor gives them.
          { name: 'flywheel.llm.quality.outdated_rate', unit: '1', value: 0.25, attributes: { 'service.name': 'flywheel-gateway', 'flywheel.window.seconds': 600 } },
          { name: 'flywheel.llm.quality.bias_rate', unit: '1', value: 0.05, attributes: { 'service.name': 'flywheel-gateway', 'flywheel.window.seconds': 600 } },
        ],
      }));
      await statusStore.write('regression', bodyOf('regression'));
      await statusStore.write('deployment', bodyOf('deployment'));
      await writeGatewaySnapshot(statusDir);
      await writeResult(path.join(statusDir, 'evals'), 'checkpoint-100', 'a', [record('e1', 'easy', true)]);
      await writeFile(path.join(statusDir, 'deployments.jsonl'), JSON.stringify({ checkpoint: 'checkpoint-100', deployed_at: SAVED_AT.toISOString(), score: 1, success: true }) + '\n');

      const res = await request(app).get('/metrics');
      expect(res.status).toBe(200);
      const text = res.text;
      // Every family the test means to have is there, or a clean lint would prove little.
      for (const family of ['flywheel_queue_jobs', 'flywheel_recent_job_duration_seconds', 'flywheel_status_age_seconds', 'flywheel_evaluations',
        'flywheel_deployments', 'flywheel_gateway_latency_seconds', 'flywheel_gateway_requests', 'flywheel_gen_ai_server_request_duration',
        'flywheel_llm_requests', 'flywheel_llm_health_level', 'flywheel_llm_quality_outdated_rate', 'flywheel_llm_quality_bias_rate']) {
        expect({ family, present: new RegExp(`^${family}[{ ]`, 'm').test(text) }).toEqual({ family, present: true });
      }
      expect(await promtoolCheck(text)).toEqual({ code: 0, output: '' });
      const types = Object.fromEntries([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));
      expect([types['flywheel_recent_job_duration_seconds'], types['flywheel_gateway_latency_seconds'], types['flywheel_gen_ai_server_request_duration']]).toEqual(['summary', 'summary', 'summary']);
      // The series users query keep their names and labels.
      expect(text).toMatch(/^flywheel_gateway_latency_seconds\{model="deployed",quantile="0\.5"\} 0\.25$/m);
      expect(text).toMatch(/^flywheel_llm_quality_outdated_rate\{service_name="flywheel-gateway",flywheel_window_seconds="600"\} 0\.25$/m);
      expect(text).toMatch(/^flywheel_recent_job_duration_seconds\{queue="model-comparison",quantile="1"\} [0-9.e-]+$/m);
    } finally {
      await worker.close();
      await queue.close();
      connection.disconnect();
      await app.closeResources();
    }
  });
});
