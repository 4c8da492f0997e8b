import { DEPLOYMENTS_LOG, STATUS_FILES, STATUS_IDS, type StatusId } from '@flywheel/contracts';
import { DEFAULT_JSONL_ROTATION, readRecentLines, withTimeout, type Rotation, type StatusStore } from '@flywheel/status-store';
import type { RequestHandler } from 'express';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Queue } from 'bullmq';
import { Gauge, Registry } from 'prom-client';
import type { DaemonQueues } from './daemon-queues.js';
import { listEvaluatedCheckpoints } from './eval-results.js';
import { registerGatewayGauges } from './gateway-metrics.js';
import type { GatewayPerformanceReader } from './gateway-performance.js';
import { llmHealthRegistry } from './llm-health-metrics.js';
import { QuantileGauge } from './quantile-gauge.js';

export interface MetricsOptions {
  statusStore: StatusStore;
  queues?: DaemonQueues;
  /** Completed jobs per queue the duration figures are taken from (the newest). @defaultValue 50 */
  recentJobs?: number;
  now?: () => Date;
  /** How deployments.jsonl is rotated (config `retention.jsonl*`): the gauge counts the file and its rotated copies. @defaultValue the config defaults */
  jsonlRotation?: Rotation;
  /** The gateway's saved snapshot, for its per-model gauges (`flywheel_gateway_*`). */
  gatewayPerformance?: GatewayPerformanceReader;
}

/**
 * How long a scrape waits for a queue's figures. A BullMQ queue waits for its connection to
 * be ready, forever while Redis is down: without a bound, /metrics would hang and take the
 * production and gateway figures down with the queue ones.
 */
const QUEUE_TIMEOUT_MS = 2_000;

/** Job states counted per queue (BullMQ's names). */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

/**
 * A prom-client registry of the run, every figure measured at scrape time (nothing kept
 * between scrapes, so several API processes agree): queue depths, durations of recent
 * completed jobs, status ages, cached evaluations, deployments, the gateway's per-model
 * figures. Its own registry, not the global one, so two apps in one process do not clash.
 * The production monitor's metrics, whose names come from its status file, are added per
 * scrape by `metricsHandler`.
 */
export function createMetricsRegistry(options: MetricsOptions): Registry {
  const registry = new Registry();
  const now = options.now ?? (() => new Date());
  const recentJobs = options.recentJobs ?? 50;
  const { statusStore, queues } = options;
  /**
   * Reads every daemon queue at once; a queue that fails or takes longer than QUEUE_TIMEOUT_MS
   * (Redis down: BullMQ waits for a connection forever) is left out of this scrape.
   */
  const eachQueue = async <T>(what: string, read: (queue: Queue) => Promise<T>, use: (daemon: string, value: T) => void) => {
    if (!queues) return;
    await Promise.all(
      queues.all().map(async ([daemon, queue]) => {
        const value = await withTimeout(read(queue), QUEUE_TIMEOUT_MS, `${daemon} ${what}`).catch(() => null);
        if (value !== null) use(daemon, value);
      }),
    );
  };

  new Gauge({
    name: 'flywheel_queue_jobs',
    help: 'Jobs in each daemon queue, by state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      await eachQueue('job counts', (queue) => queue.getJobCounts(...QUEUE_STATES), (daemon, counts) => {
        for (const state of QUEUE_STATES) this.set({ queue: daemon, state }, counts[state] ?? 0);
      });
    },
  });

  new QuantileGauge({
    name: 'flywheel_recent_job_duration_seconds',
    help: `Run time (processedOn to finishedOn) of the newest ${recentJobs} completed jobs per queue: quantile 0.5, 0.9 and 1 (the longest)`,
    labelNames: ['queue', 'quantile'],
    registers: [registry],
    async collect() {
      this.reset();
      await eachQueue('completed jobs', (queue) => queue.getCompleted(0, recentJobs - 1), (daemon, jobs) => {
        const seconds = jobs
          .filter((j) => j.processedOn !== undefined && j.finishedOn !== undefined)
          .map((j) => (j.finishedOn! - j.processedOn!) / 1000)
          .sort((a, b) => a - b);
        if (seconds.length === 0) return;
        for (const q of [0.5, 0.9, 1]) this.set({ queue: daemon, quantile: String(q) }, nearestRank(seconds, q));
      });
    },
  });

  new Gauge({
    name: 'flywheel_status_age_seconds',
    help: 'Seconds since each status file was last written (absent when it has not been written or cannot be read)',
    labelNames: ['status', 'file'],
    registers: [registry],
    async collect() {
      this.reset();
      const reads = await Promise.all(STATUS_IDS.map(async (id: StatusId) => [id, await statusStore.read(id)] as const));
      const at = now().getTime();
      for (const [id, read] of reads) {
        if (read.state !== 'present') continue;
        this.set({ status: id, file: STATUS_FILES[id].file }, (at - Date.parse(read.lastUpdate)) / 1000);
      }
    },
  });

  new Gauge({
    name: 'flywheel_evaluations',
    help: 'Evaluation results in the evaluator cache (status/evals/), and the checkpoints they cover',
    labelNames: ['what'],
    registers: [registry],
    async collect() {
      this.reset();
      const checkpoints = await listEvaluatedCheckpoints(path.join(statusStore.statusDir, 'evals'));
      let results = 0;
      for (const checkpoint of checkpoints) {
        results += (await readdir(checkpoint.dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json') && !f.startsWith('.')).length;
      }
      this.set({ what: 'results' }, results);
      this.set({ what: 'checkpoints' }, checkpoints.length);
    },
  });

  new Gauge({
    name: 'flywheel_deployments',
    help: 'Deployments recorded in status/deployments.jsonl and its rotated copies (retention.jsonl*), by outcome',
    labelNames: ['success'],
    registers: [registry],
    async collect() {
      this.reset();
      // Bounded: the file and the copies retention keeps, never a file of unbounded size whole.
      const chunks = await readRecentLines(path.join(statusStore.statusDir, DEPLOYMENTS_LOG), options.jsonlRotation ?? DEFAULT_JSONL_ROTATION).catch(() => []);
      const counts = { true: 0, false: 0 };
      for (const line of chunks.flatMap((chunk) => chunk.text.split('\n'))) {
        if (line.trim() === '') continue;
        try {
          const record = JSON.parse(line) as { success?: unknown; event?: unknown };
          // A canary's looks are progress reports, not deployments (its start, promotion and rollback are).
          if (record.event === 'canary-look') continue;
          counts[record.success === true ? 'true' : 'false'] += 1;
        } catch {
          // A torn last line (a write in progress) is counted at the next scrape.
        }
      }
      this.set({ success: 'true' }, counts.true);
      this.set({ success: 'false' }, counts.false);
    },
  });

  if (options.gatewayPerformance) registerGatewayGauges(registry, options.gatewayPerformance, now);

  return registry;
}

/** The nearest-rank quantile of ascending `sorted` (q = 1: the largest). */
export function nearestRank(sorted: readonly number[], q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}

/**
 * `GET /metrics` in Prometheus' text format: `registry`, and with `statusStore` the
 * production monitor's `llm_health.json` as gauges built for this scrape (`llmHealthRegistry`).
 */
export function metricsHandler(registry: Registry, statusStore?: StatusStore): RequestHandler {
  return async (_req, res) => {
    const scrape = statusStore
      ? Registry.merge([registry, llmHealthRegistry(await statusStore.read('llm_health'), (name) => registry.getSingleMetric(name) !== undefined)])
      : registry;
    const body = await scrape.metrics();
    res.set('Content-Type', registry.contentType).set('Cache-Control', 'no-store').send(body);
  };
}
