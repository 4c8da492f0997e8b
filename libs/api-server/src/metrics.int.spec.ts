import { describe, expect, it } from '@jest/globals';
import { redisNamespace } from '@flywheel/contracts';
import { createStatusStore } from '@flywheel/status-store';
import { redisPerFile, tempDir, waitFor } from '@flywheel/testing';
import { Queue, Worker } from 'bullmq';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { createApiApp } from './create-api-app.js';
import { record, writeResult } from './eval-results.fixture.js';
import { nearestRank } from './metrics.js';
import { bodyOf } from './status-bodies.fixture.js';

const RUN = 'metrics';
const NOW = new Date('2026-06-01T12:00:00.000Z');
const logger = pino({ level: 'silent' });
const redis = redisPerFile({ maxRetriesPerRequest: 1, enableOfflineQueue: false });

/** The value of one sample line of the exposition, e.g. `flywheel_deployments{success="true"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('nearestRank', () => {
  it('takes the ceil(q·n)-th smallest', () => {
    expect([0.5, 0.9, 1].map((q) => nearestRank([1, 2, 3, 4], q))).toEqual([2, 4, 4]);
    expect(nearestRank([7], 0.5)).toBe(7);
  });
});

describe('GET /metrics', () => {
  it('exposes queue depths, recent job durations, status ages, evaluations and deployments', async () => {
    const { dir, remove } = await tempDir('api-metrics');
    const prefix = redisNamespace(RUN).queuePrefix;
    const connection = redis.client.duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true });
    const queue = new Queue('model-comparison', { connection, prefix });
    let worker: Worker | undefined;
    const statusStore = createStatusStore({ statusDir: dir, run: RUN, redis: redis.client, logger });
    const app = createApiApp({ statusStore, redis: redis.client, run: RUN, staleFactor: 2, staleAfterSeconds: 60, logger, now: () => NOW });
    try {
      // One job run to completion by a real worker, two left waiting.
      await queue.add('manual.run', { kind: 'manual', requestedBy: 'test' }, { jobId: 'done' });
      worker = new Worker('model-comparison', async () => 'ok', { connection, prefix });
      const done = await waitFor(async () => ((await queue.getJobState('done')) === 'completed' ? queue.getJob('done') : undefined), { what: 'the job to complete' });
      await worker.close();
      await queue.add('manual.run', { kind: 'manual', requestedBy: 'test' });
      await queue.add('manual.run', { kind: 'manual', requestedBy: 'test' });

      // Written 100 s and 2.5 s before the clock the app is given.
      await createStatusStore({ statusDir: dir, run: RUN, logger, now: () => new Date(NOW.getTime() - 100_000) }).write('regression', bodyOf('regression'));
      await createStatusStore({ statusDir: dir, run: RUN, logger, now: () => new Date(NOW.getTime() - 2_500) }).write('deployment', bodyOf('deployment'));
      const evals = path.join(dir, 'evals');
      await writeResult(evals, 'checkpoint-100', 'a', [record('e1', 'easy', true)]);
      await writeResult(evals, 'checkpoint-100', 'b', [record('e1', 'easy', true)], { exampleSet: 'adversarial' });
      await writeResult(evals, 'checkpoint-200', 'c', [record('e1', 'easy', true)]);
      const line = (success: boolean) => JSON.stringify({ checkpoint: 'checkpoint-100', deployed_at: NOW.toISOString(), score: 1, success });
      // A canary's look is a progress report, not a deployment: not counted.
      const look = JSON.stringify({ checkpoint: 'checkpoint-200', deployed_at: NOW.toISOString(), score: null, success: true, event: 'canary-look' });
      await writeFile(path.join(dir, 'deployments.jsonl'), [line(true), line(false), look, line(true)].join('\n') + '\n');
      // A rotated copy (retention.jsonl*) is counted too: the gauge is not reset by a rotation.
      await writeFile(path.join(dir, 'deployments.jsonl.1'), line(true) + '\n');

      const res = await request(app).get('/metrics');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = res.text;
      expect(sample(text, 'flywheel_queue_jobs{queue="model-comparison",state="waiting"}')).toBe(2);
      expect(sample(text, 'flywheel_queue_jobs{queue="model-comparison",state="completed"}')).toBe(1);
      expect(sample(text, 'flywheel_queue_jobs{queue="regression-monitor",state="waiting"}')).toBe(0);
      const seconds = (done!.finishedOn! - done!.processedOn!) / 1000;
      for (const q of ['0.5', '0.9', '1']) {
        expect(sample(text, `flywheel_recent_job_duration_seconds{queue="model-comparison",quantile="${q}"}`)).toBe(seconds);
      }
      expect(sample(text, 'flywheel_recent_job_duration_seconds{queue="regression-monitor",quantile="1"}')).toBeUndefined();
      expect(sample(text, 'flywheel_status_age_seconds{status="regression",file="regression_monitoring.json"}')).toBe(100);
      expect(sample(text, 'flywheel_status_age_seconds{status="deployment",file="last_deployment.json"}')).toBe(2.5);
      expect(text).not.toContain('status="training"');
      expect(sample(text, 'flywheel_evaluations{what="results"}')).toBe(3);
      expect(sample(text, 'flywheel_evaluations{what="checkpoints"}')).toBe(2);
      expect(sample(text, 'flywheel_deployments{success="true"}')).toBe(3);
      expect(sample(text, 'flywheel_deployments{success="false"}')).toBe(1);
    } finally {
      await worker?.close();
      await queue.close();
      connection.disconnect();
      await app.closeResources();
      await remove();
    }
  });
});
