// Inferences per (checkpoint, example) across all consumers (goal: exactly 1). Baseline,
// measured in the same run: the same consumers each evaluating on their own.
import { loadConfig } from '@flywheel/config';
import { startDaemon } from '@flywheel/daemon-runtime';
import { createEvaluationClient, evaluatorDaemon, evaluateSet, createEvalCache, loadExampleSet, validationRequest } from '@flywheel/evaluation';
import { backendProfile, createModelBackend, createServingStrategy } from '@flywheel/model-backend';
import { startSimulatorServer, writeSimulatedCheckpoint, type SimulatorStats } from '@flywheel/simulation';
import { startRedis, tempDir } from '@flywheel/testing';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { DEMO_SET, printResult } from './bench-examples.js';

const CONSUMERS = ['regression-monitor', 'automated-testing', 'model-comparison', 'confidence-calibrator', 'adversarial-miner'] as const;
const STEPS = [100, 200, 300];

function perExample(stats: SimulatorStats): { mean: number; max: number; pairs: number } {
  const counts = Object.values(stats.inferences).flatMap((byExample) => Object.values(byExample).map((c) => Math.max(c.generate, c.score)));
  return { mean: counts.reduce((a, b) => a + b, 0) / counts.length, max: Math.max(...counts), pairs: counts.length };
}

export async function inferencesPerExampleBench(): Promise<{ mean: number; max: number }> {
  const redis = await startRedis();
  const { dir, remove } = await tempDir('bench-infer');
  const set = await loadExampleSet(DEMO_SET);
  const sim = await startSimulatorServer({ examples: set.examples, baseModel: 'base', serviceTime: { maxConcurrency: 16, baseMs: 2 } });
  const logger = pino({ level: 'silent' });
  try {
    await cp(DEMO_SET, path.join(dir, 'data', 'validation'), { recursive: true });
    const folders = await Promise.all(STEPS.map((step) => writeSimulatedCheckpoint(path.join(dir, 'current_model'), { step, evalLoss: 1, trainLoss: [], epoch: 1, maxSteps: 1000 })));
    const config = loadConfig({
      argv: ['--base-dir', dir, '--redis-url', redis.url, '--run', 'bench', '--backend', 'lora', '--backend-url', sim.url, '--continuous', '--set', 'checkpoints.settleSeconds=0.2'],
      env: {}, cwd: dir,
    });

    // Baseline: every consumer runs the validation set on every checkpoint by itself (the
    // adapters loaded once up front, so the consumers do not unload them under each other).
    const lora = (route: string, step: number, i: number) =>
      fetch(sim.url + route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lora_name: `checkpoint-${step}`, lora_path: folders[i] }) });
    await Promise.all(STEPS.map((step, i) => lora('/v1/load_lora_adapter', step, i)));
    await Promise.all(CONSUMERS.flatMap(() => STEPS.map(async (step, i) => {
      const serving = createServingStrategy({ ...config.backend, strategy: 'fixed', model: `checkpoint-${step}` });
      const served = await serving.serve({ name: `checkpoint-${step}`, path: folders[i]! });
      await evaluateSet({
        backend: createModelBackend(served.endpoint, { concurrency: 8, timeoutMs: 60_000, retries: 0 }),
        checkpoint: `checkpoint-${step}`, checkpointId: `solo-${step}`, params: { maxTokens: 256, temperature: 0, stop: [] },
        exampleSet: set, cache: createEvalCache({ run: 'bench', redis: null, dir: path.join(dir, 'solo') }),
      });
    })));
    const baseline = perExample(sim.stats());
    await Promise.all(STEPS.map((step, i) => lora('/v1/unload_lora_adapter', step, i)));
    sim.resetStats();

    // flywheel: one evaluator; every consumer asks it.
    const evaluator = startDaemon(
      evaluatorDaemon({
        serving: createServingStrategy(config.backend, logger),
        backendFor: (endpoint) => createModelBackend(endpoint, { concurrency: 8, timeoutMs: 60_000, retries: 3 }),
      }),
      config, logger,
    );
    await evaluator.ready;
    const clients = CONSUMERS.map(() => createEvaluationClient({
      redisUrl: redis.url, run: 'bench', dataDir: config.paths.dataDir, evalsDir: path.join(config.paths.statusDir, 'evals'), waitSeconds: 300,
    }));
    await Promise.all(clients.flatMap((client, c) => STEPS.map((step, i) =>
      client.evaluate(validationRequest(config, { name: `checkpoint-${step}`, path: folders[i]! }, CONSUMERS[c]!)))));
    const shared = perExample(sim.stats());
    await Promise.all(clients.map((c) => c.close()));
    await evaluator.stop();

    printResult('inferences per (checkpoint, example) across all consumers', {
      consumers: CONSUMERS.length,
      '(checkpoint, example) pairs': shared.pairs,
      'baseline: each consumer on its own (mean)': baseline.mean.toFixed(2),
      'flywheel: shared evaluator (mean / max)': `${shared.mean.toFixed(2)} / ${shared.max}`,
      'ratio to baseline': (shared.mean / baseline.mean).toFixed(3),
      'goal': 'exactly 1',
    });
    return shared;
  } finally {
    await sim.close();
    await redis.stop();
    await remove();
  }
}
