// Scale-out of evaluation (issue 20, point 3): two evaluators, each next to its own simulated
// model server, share one run's Redis. Every (checkpoint, example) is inferred exactly once
// across both servers (counted by the servers themselves), both servers do work, a LoRA
// adapter is loaded only where its shards run, and the result is the one a single evaluator
// gets. Real redis-server, real HTTP simulators, the real evaluator daemon (two in this process).
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@flywheel/config';
import { redisNamespace, type EvalRecord } from '@flywheel/contracts';
import { startDaemon } from '@flywheel/daemon-runtime';
import { createModelBackend, createServingStrategy } from '@flywheel/model-backend';
import { startSimulatorServer, writeSimulatedCheckpoint, type SimulatorServer } from '@flywheel/simulation';
import { EVAL_SHARD_QUEUE } from '@flywheel/contracts';
import { redisPerFile, startNodeProcess, tempDir, waitFor } from '@flywheel/testing';
import { Queue } from 'bullmq';
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createEvalCache } from './eval-cache.js';
import { createEvaluationClient } from './evaluation-client.js';
import { evaluateSet } from './evaluate-set.js';
import { evaluatorDaemon } from './evaluator-daemon.js';
import { loadExampleSet } from './example-set.js';
import { claimToken, inferOnce } from './inference-claim.js';
import { validationRequest } from './validation-request.js';

const EVALUATOR_SOURCE = fileURLToPath(new URL('../../../apps/evaluator/src/main.ts', import.meta.url));
const DEMO_SET = fileURLToPath(new URL('../../../apps/simulator/demo-data/validation', import.meta.url));
const redis = redisPerFile({ maxRetriesPerRequest: null });
const logger = pino({ level: 'silent' });

const record = (exampleId: string): EvalRecord => ({
  exampleId, difficulty: 'easy', skill: 'arithmetic', prediction: '42', correct: true,
  think: { present: false, closed: false, length: 0 }, confidence: 0.9, golden: { unsupported: 'no logprobs' },
  outputTokens: 2, latencyMs: 12, backend: 'vllm:sim', cacheKey: `k-${exampleId}`,
});

describe('the per-(checkpoint, example) claim', () => {
  it('lets one of two racing evaluators infer; the other takes its record', async () => {
    const cache = createEvalCache({ run: 'claims', redis: redis.client, dir: '/nonexistent' });
    let calls = 0;
    const slowInfer = async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 200));
      return record('a');
    };
    const [one, two] = await Promise.all([
      inferOnce({ redis: redis.client, run: 'claims', token: claimToken(), pollMs: 20 }, cache, 'ckpt-1', 'k-a', slowInfer),
      inferOnce({ redis: redis.client, run: 'claims', token: claimToken(), pollMs: 20 }, cache, 'ckpt-1', 'k-a', slowInfer),
    ]);
    expect(calls).toBe(1);
    expect([one.inferred, two.inferred].sort()).toEqual([false, true]);
    expect(two.record).toEqual(one.record);
    // Released by its owner once the record is cached.
    expect(await redis.client.exists(redisNamespace('claims').evalClaim('k-a'))).toBe(0);
  });

  it('waits out the claim of an evaluator that died holding it, then infers', async () => {
    const cache = createEvalCache({ run: 'claims', redis: redis.client, dir: '/nonexistent' });
    await redis.client.set(redisNamespace('claims').evalClaim('k-b'), 'dead-evaluator', 'PX', 300);
    const started = Date.now();
    const outcome = await inferOnce({ redis: redis.client, run: 'claims', token: claimToken(), pollMs: 20 }, cache, 'ckpt-1', 'k-b', async () => record('b'));
    expect(outcome.inferred).toBe(true);
    // Not before the dead one's claim expired (300 ms, less Redis's expiry granularity).
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect((await cache.getRecords('ckpt-1', ['k-b'])).get('k-b')?.exampleId).toBe('b');
  });
});

describe('two evaluators, two model servers', () => {
  it('infer every example of a checkpoint exactly once between them, both working, and assemble what one evaluator gets', async () => {
    const { dir, remove } = await tempDir('eval-scale-out');
    const set = await loadExampleSet(DEMO_SET);
    // Each request holds a slot 10 ms: a shard takes long enough for the other evaluator to take the next.
    const serviceTime = { maxConcurrency: 4, baseMs: 10 };
    const sims: SimulatorServer[] = [];
    const daemons: Array<{ stop(): Promise<void> }> = [];
    try {
      for (let i = 0; i < 3; i++) sims.push(await startSimulatorServer({ examples: set.examples, baseModel: 'base', serviceTime }));
      await cp(DEMO_SET, path.join(dir, 'data', 'validation'), { recursive: true });
      await mkdir(path.join(dir, 'current_model'), { recursive: true });
      // Outside the watched checkpoints folder: only the ask below evaluates it.
      const folder = await writeSimulatedCheckpoint(path.join(dir, 'elsewhere'), { step: 200, evalLoss: 1, trainLoss: [], epoch: 1, maxSteps: 1000 });
      const run = 'scale-out';
      const configFor = (sim: SimulatorServer) => loadConfig({
        argv: ['--base-dir', dir, '--redis-url', redis.server.url, '--run', run, '--backend', 'lora', '--backend-url', sim.url,
          '--set', 'evaluation.shardExamples=4', '--set', 'evaluation.shardConcurrency=2', '--set', 'heartbeatSeconds=1', '--continuous'],
        env: {}, cwd: dir,
      });
      for (const sim of sims.slice(0, 2)) {
        const config = configFor(sim);
        const daemon = startDaemon(evaluatorDaemon({
          serving: createServingStrategy(config.backend),
          backendFor: (endpoint) => createModelBackend(endpoint, { concurrency: 8, timeoutMs: 30_000, retries: 0 }),
        }), config, logger);
        daemons.push(daemon);
        await daemon.ready;
      }
      const config = configFor(sims[0]!);
      const client = createEvaluationClient({ redisUrl: redis.server.url, run, dataDir: config.paths.dataDir, evalsDir: path.join(config.paths.statusDir, 'evals'), waitSeconds: 60 });
      let result;
      try {
        result = await client.evaluate(validationRequest(config, { name: 'checkpoint-200', path: folder }, 'regression-monitor'));
      } finally {
        await client.close();
      }

      const [a, b] = [sims[0]!.stats(), sims[1]!.stats()];
      const countsA = a.inferences['checkpoint-200'] ?? {};
      const countsB = b.inferences['checkpoint-200'] ?? {};
      for (const example of set.examples) {
        const generate = (countsA[example.id]?.generate ?? 0) + (countsB[example.id]?.generate ?? 0);
        const score = (countsA[example.id]?.score ?? 0) + (countsB[example.id]?.score ?? 0);
        expect({ id: example.id, generate, score }).toEqual({ id: example.id, generate: 1, score: 1 });
      }
      expect(Object.keys(countsA).length + Object.keys(countsB).length).toBe(48);
      // Both servers did work, and each loaded the adapter because it took shards of it (and unloaded it after).
      expect(Object.keys(countsA).length).toBeGreaterThan(0);
      expect(Object.keys(countsB).length).toBeGreaterThan(0);
      for (const stats of [a, b]) {
        expect(stats.requests['POST /v1/load_lora_adapter']).toBeGreaterThanOrEqual(1);
        expect(stats.requests['POST /v1/unload_lora_adapter']).toBe(stats.requests['POST /v1/load_lora_adapter']);
      }
      expect(result.summary.examples).toBe(48);
      expect(result.records.map((r) => r.exampleId)).toEqual(set.examples.map((e) => e.id));

      // One evaluator alone, on a third server: the same records and totals.
      const served = await createServingStrategy(configFor(sims[2]!).backend).serve({ name: 'checkpoint-200', path: folder });
      const alone = await evaluateSet({
        backend: createModelBackend(served.endpoint, { concurrency: 8, timeoutMs: 30_000, retries: 0 }),
        checkpoint: 'checkpoint-200', checkpointId: result.checkpointId, exampleSet: set, params: result.params,
        cache: createEvalCache({ run: 'alone', redis: null, dir: '/nonexistent' }),
      });
      await served.release();
      const comparable = (records: EvalRecord[]) => records.map(({ latencyMs: _l, ...rest }) => rest);
      expect(comparable(result.records)).toEqual(comparable(alone.records));
      expect(result.summary).toEqual(alone.summary);
      expect(result.backend).toBe(alone.backend);
    } finally {
      for (const daemon of daemons) await daemon.stop();
      for (const sim of sims) await sim.close();
      await remove();
    }
  }, 120_000);
});

describe('an evaluator that dies mid-shard', () => {
  it('has its shards finished by the other: every example recorded, only those it was inferring inferred again', async () => {
    const { dir, remove } = await tempDir('eval-scale-out-kill');
    const set = await loadExampleSet(DEMO_SET);
    // The doomed evaluator's server is slow (3 s a request): it surely dies with requests in flight.
    const slow = await startSimulatorServer({ examples: set.examples, baseModel: 'base', serviceTime: { maxConcurrency: 4, baseMs: 3_000 } });
    const fast = await startSimulatorServer({ examples: set.examples, baseModel: 'base', serviceTime: { maxConcurrency: 4, baseMs: 10 } });
    const run = 'scale-out-kill';
    const argsFor = (sim: SimulatorServer) => ['--base-dir', dir, '--redis-url', redis.server.url, '--run', run, '--backend', 'lora', '--backend-url', sim.url,
      '--set', 'evaluation.shardExamples=4', '--set', 'evaluation.shardConcurrency=2', '--set', 'heartbeatSeconds=1',
      '--set', 'queue.lockDurationMs=2000', '--set', 'queue.stalledIntervalMs=1000', '--log-level', 'warn'];
    // A real process, killed with SIGKILL: no graceful anything.
    const doomed = startNodeProcess(EVALUATOR_SOURCE, argsFor(slow), {}, ['--conditions=development', '--import', 'tsx']);
    let survivor: { stop(): Promise<void> } | undefined;
    const shards = new Queue(EVAL_SHARD_QUEUE, { connection: redis.client, prefix: redisNamespace(run).queuePrefix, skipMetasUpdate: true });
    try {
      await cp(DEMO_SET, path.join(dir, 'data', 'validation'), { recursive: true });
      await mkdir(path.join(dir, 'current_model'), { recursive: true });
      const folder = await writeSimulatedCheckpoint(path.join(dir, 'elsewhere'), { step: 200, evalLoss: 1, trainLoss: [], epoch: 1, maxSteps: 1000 });
      await waitFor(async () => ((await shards.getWorkersCount()) >= 1 ? true : undefined), { timeoutMs: 60_000, what: 'the doomed evaluator' });
      const config = loadConfig({ argv: [...argsFor(fast), '--continuous'], env: {}, cwd: dir });
      survivor = startDaemon(evaluatorDaemon({
        serving: createServingStrategy(config.backend),
        backendFor: (endpoint) => createModelBackend(endpoint, { concurrency: 8, timeoutMs: 30_000, retries: 0 }),
      }), config, logger);
      await (survivor as ReturnType<typeof startDaemon>).ready;
      const client = createEvaluationClient({ redisUrl: redis.server.url, run, dataDir: config.paths.dataDir, evalsDir: path.join(config.paths.statusDir, 'evals'), waitSeconds: 110 });
      try {
        const asked = client.evaluate(validationRequest(config, { name: 'checkpoint-200', path: folder }, 'regression-monitor'));
        asked.catch(() => undefined);
        // Killed once its server has requests of a shard in its slots.
        await waitFor(async () => ((slow.stats().peakConcurrency ?? 0) >= 1 ? true : undefined), { timeoutMs: 30_000, what: 'the doomed evaluator at work' });
        doomed.child.kill('SIGKILL');
        await doomed.exited;
        const result = await asked;
        expect(result.records.map((r) => r.exampleId)).toEqual(set.examples.map((e) => e.id));
      } finally {
        await client.close();
      }
      const onSlow = slow.stats().inferences['checkpoint-200'] ?? {};
      const onFast = fast.stats().inferences['checkpoint-200'] ?? {};
      let twice = 0;
      for (const example of set.examples) {
        const a = onSlow[example.id]?.generate ?? 0;
        const b = onFast[example.id]?.generate ?? 0;
        // At most once on each server: the survivor never repeats itself, and the dead one's lost answer is redone once.
        expect({ id: example.id, slow: a <= 1, fast: b <= 1, some: a + b >= 1 }).toEqual({ id: example.id, slow: true, fast: true, some: true });
        if (a + b === 2) twice += 1;
      }
      // Only what the dead evaluator had in flight is inferred again: at most its shards at once × their examples (2 × 4).
      expect(twice).toBeLessThanOrEqual(8);
      // It did die mid-inference: its server counted an answer nobody recorded, which the survivor redid.
      expect(twice).toBeGreaterThanOrEqual(1);
      expect(Object.keys(onFast).length).toBeGreaterThan(0);
    } finally {
      doomed.child.kill('SIGKILL');
      await shards.close();
      await survivor?.stop();
      await slow.close();
      await fast.close();
      await remove();
    }
  }, 120_000);
});
