// End to end: the built evaluator process (LoRA strategy) against the simulated model server,
// a private redis-server, and three "daemons" asking for the same checkpoint at once.
import { describe, expect, it } from '@jest/globals';
import { RegressionMonitoringStatus, type EvaluationResult } from '@flywheel/contracts';
import { createEvaluationClient, loadExampleSet, validationRequest } from '@flywheel/evaluation';
import { loadConfig } from '@flywheel/config';
import { startSimulatorServer, writeSimulatedCheckpoint } from '@flywheel/simulation';
import { redisPerFile, startNodeProcess, tempDir, waitFor } from '@flywheel/testing';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const EVALUATOR = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const MONITOR = fileURLToPath(new URL('../../regression-monitor/dist/main.js', import.meta.url));
const DEMO_SET = fileURLToPath(new URL('../../simulator/demo-data/validation', import.meta.url));

const redis = redisPerFile({ maxRetriesPerRequest: null });

describe('evaluator, end to end', () => {
  it('infers each example once per checkpoint however many daemons ask, and keeps the result across restarts', async () => {
    const { dir, remove } = await tempDir('evaluator');
    const set = await loadExampleSet(DEMO_SET);
    const sim = await startSimulatorServer({ examples: set.examples, baseModel: 'base' });
    const run = 'eval-e2e';
    const args = ['--base-dir', dir, '--redis-url', redis.server.url, '--run', run, '--backend', 'lora', '--backend-url', sim.url,
      '--set', 'checkpoints.settleSeconds=0.2', '--set', 'heartbeatSeconds=1', '--log-level', 'warn'];
    let evaluator = startNodeProcess(EVALUATOR, args);
    try {
      await cp(DEMO_SET, path.join(dir, 'data', 'validation'), { recursive: true });
      const folder = await writeSimulatedCheckpoint(path.join(dir, 'current_model'), { step: 200, evalLoss: 1, trainLoss: [], epoch: 1, maxSteps: 1000 });
      const config = loadConfig({ argv: args, env: {}, cwd: dir });
      const client = () => createEvaluationClient({
        redisUrl: redis.server.url, run, dataDir: config.paths.dataDir, evalsDir: path.join(config.paths.statusDir, 'evals'), waitSeconds: 60,
      });
      const daemons = [client(), client(), client()];
      const ask = (c: ReturnType<typeof client>, by: 'regression-monitor' | 'automated-testing' | 'model-comparison') =>
        c.evaluate(validationRequest(config, { name: 'checkpoint-200', path: folder }, by));
      try {
        const results = await Promise.all([
          ask(daemons[0]!, 'regression-monitor'), ask(daemons[1]!, 'automated-testing'), ask(daemons[2]!, 'model-comparison'),
        ]);
        // One evaluation, the same for all three (the evaluator's own ask on checkpoint.ready makes a fourth).
        expect(new Set(results.map((r) => r.evaluatedAt)).size).toBe(1);
        expect(results[0]!.records).toHaveLength(48);
        const perExample = sim.stats().inferences['checkpoint-200']!;
        expect(Object.keys(perExample).sort()).toEqual(set.examples.map((e) => e.id).sort());
        for (const counts of Object.values(perExample)) expect(counts).toEqual({ generate: 1, score: 1 });
        const summary = results[0]!.summary;
        expect(summary.examples).toBe(48);
        expect(summary.correct).toBe(results[0]!.records.filter((r) => r.correct).length);
        expect(summary.goldenLoss).toBeGreaterThan(0);

        // The evaluator restarts and Redis forgets everything: the file under status/evals brings it back.
        await evaluator.stop();
        await redis.client.flushall();
        evaluator = startNodeProcess(EVALUATOR, args);
        const again = await ask(daemons[0]!, 'regression-monitor');
        expect(again.evaluatedAt).toBe(results[0]!.evaluatedAt);
        expect(await readdir(path.join(config.paths.statusDir, 'evals', 'checkpoint-200'))).toHaveLength(1);

        // Rewritten under the same name: a new checkpoint, evaluated again (now twice per example).
        const state = path.join(folder, 'trainer_state.json');
        await writeFile(state, (await readFile(state, 'utf8')).replace('"global_step": 200', '"global_step": 200 '));
        const rewritten: EvaluationResult = await ask(daemons[1]!, 'automated-testing');
        expect(rewritten.checkpointId).not.toBe(results[0]!.checkpointId);
        for (const counts of Object.values(sim.stats().inferences['checkpoint-200']!)) expect(counts).toEqual({ generate: 2, score: 2 });
      } finally {
        await Promise.all(daemons.map((d) => d.close()));
      }
    } finally {
      await evaluator.stop();
      await sim.close();
      await remove();
    }
  }, 120_000);

  it('feeds the regression monitor the golden loss of the validation set', async () => {
    const { dir, remove } = await tempDir('evaluator-regr');
    const set = await loadExampleSet(DEMO_SET);
    // From step 300 on the simulated checkpoints are worse (p × 0.3), so their golden loss rises.
    const sim = await startSimulatorServer({ examples: set.examples, baseModel: 'base', curve: { regressAtStep: 300, regressionFactor: 0.3 } });
    const run = 'eval-regr';
    const common = ['--base-dir', dir, '--redis-url', redis.server.url, '--run', run, '--set', 'checkpoints.settleSeconds=0.2', '--log-level', 'warn'];
    const evaluator = startNodeProcess(EVALUATOR, [...common, '--backend', 'lora', '--backend-url', sim.url, '--set', 'heartbeatSeconds=1']);
    try {
      await cp(DEMO_SET, path.join(dir, 'data', 'validation'), { recursive: true });
      for (const step of [100, 200, 300]) {
        // trainer_state says all is well (0.5 each time): only the engine can see the regression.
        await writeSimulatedCheckpoint(path.join(dir, 'current_model'), { step, evalLoss: 0.5, trainLoss: [], epoch: 1, maxSteps: 1000 });
      }
      const monitor = startNodeProcess(MONITOR, [...common, '--set', 'evaluation.lossSource=engine']);
      expect(await monitor.exited).toBe(0);
      const status = RegressionMonitoringStatus.parse(
        JSON.parse(await readFile(path.join(dir, 'status', run, 'regression_monitoring.json'), 'utf8')),
      );
      expect(status.evidence.checkpoints.map((c) => [c.checkpoint, c.source, c.examples])).toEqual([
        ['checkpoint-100', 'evaluator', 48], ['checkpoint-200', 'evaluator', 48], ['checkpoint-300', 'evaluator', 48],
      ]);
      expect(status).toMatchObject({ checkpoint: 'checkpoint-300', regression_detected: true });
      expect(status.evidence.examples).toBe(48);
    } finally {
      await evaluator.stop();
      await sim.close();
      await remove();
    }
  }, 120_000);
});
