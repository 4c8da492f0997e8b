// End to end: a simulated training run with an injected regression, the simulated model
// server, the evaluator, the five analysis daemons and the API as built processes on a
// private redis-server. Checkpoint events alone drive them (their intervals are an hour).
import { describe, expect, it } from '@jest/globals';
import { redisNamespace } from '@flywheel/contracts';
import { loadExampleSet } from '@flywheel/evaluation';
import { startSimulatorServer, writeSimulatedCheckpoint } from '@flywheel/simulation';
import { freePort, redisPerFile, startNodeProcess, tempDir, waitFor, type NodeProcess } from '@flywheel/testing';
import { cp, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const app = (name: string) => fileURLToPath(new URL(`../../${name}/dist/main.js`, import.meta.url));
const DEMO_SET = fileURLToPath(new URL('../../simulator/demo-data/validation', import.meta.url));
// The training-side split the adversarial miner mines (the validation set is held out).
const MINING_SET = fileURLToPath(new URL('../../simulator/demo-data/mining', import.meta.url));
const DAEMONS = ['regression-monitor', 'automated-testing', 'model-comparison', 'confidence-calibrator', 'adversarial-miner'];
const FILES: Record<string, string> = {
  'regression-monitor': 'regression_monitoring.json',
  'automated-testing': 'automated_testing.json',
  'model-comparison': 'model_comparisons.json',
  'confidence-calibrator': 'confidence_calibration.json',
  'adversarial-miner': 'adversarial_mining.json',
};

const redis = redisPerFile({ maxRetriesPerRequest: null });

describe('the analysis daemons, end to end', () => {
  it('turn checkpoint events into all five status files, flag the regression on the right checkpoint, rank the best first, and serve them', async () => {
    const { dir, remove } = await tempDir('analysis-e2e');
    const set = await loadExampleSet(DEMO_SET);
    const mining = await loadExampleSet(MINING_SET);
    // From step 600 on the simulated model keeps only 30% of its skill.
    const sim = await startSimulatorServer({ examples: [...set.examples, ...mining.examples], baseModel: 'base', curve: { regressAtStep: 600, regressionFactor: 0.3 } });
    const run = 'analysis';
    const statusDir = path.join(dir, 'status', run);
    const common = ['--base-dir', dir, '--redis-url', redis.server.url, '--run', run, '--set', 'checkpoints.settleSeconds=0.2',
      '--set', 'heartbeatSeconds=1', '--log-level', 'warn'];
    const processes: NodeProcess[] = [];
    const status = async (daemon: string) =>
      JSON.parse(await readFile(path.join(statusDir, FILES[daemon]!), 'utf8').catch(() => 'null')) as Record<string, unknown> | null;
    try {
      await cp(DEMO_SET, path.join(dir, 'data', 'validation'), { recursive: true });
      await cp(MINING_SET, path.join(dir, 'data', 'mining'), { recursive: true });
      processes.push(startNodeProcess(app('evaluator'), [...common, '--backend', 'lora', '--backend-url', sim.url]));
      await waitFor(async () => (await redis.client.exists(redisNamespace(run).heartbeat('evaluator'))) === 1 || undefined, { what: 'the evaluator', timeoutMs: 60_000 });
      for (const daemon of DAEMONS) processes.push(startNodeProcess(app(daemon), [...common, '--continuous', '--interval', '3600']));
      const port = await freePort();
      processes.push(startNodeProcess(app('api'), [...common, '--api-port', String(port)]));
      await waitFor(async () => {
        const beats = await Promise.all(DAEMONS.map((d) => redis.client.exists(redisNamespace(run).heartbeat(d as never))));
        return beats.every((b) => b === 1) || undefined;
        // Six Node processes starting at once on a loaded 2-core machine: generous, it is a bound, not a measure.
      }, { what: 'every daemon to beat', timeoutMs: 60_000 });

      const write = (step: number) =>
        writeSimulatedCheckpoint(path.join(dir, 'current_model'), { step, evalLoss: 0.5, trainLoss: [], epoch: 1, maxSteps: 1000 });
      const allAt = (checkpoint: string) =>
        waitFor(async () => {
          const files = await Promise.all(DAEMONS.map(status));
          const done = files.every((f, i) =>
            DAEMONS[i] === 'model-comparison'
              ? (f?.['rankings'] as { checkpoint: string }[] | undefined)?.some((r) => r.checkpoint === checkpoint)
              : f?.['checkpoint'] === checkpoint);
          return done ? files : undefined;
        }, { what: `all five statuses at ${checkpoint} (${processes.map((p) => p.output()).join('').slice(-2000)})`, timeoutMs: 90_000 });

      for (const step of [100, 300, 500]) await write(step);
      const healthy = await allAt('checkpoint-500');
      expect(healthy[0]).toMatchObject({ regression_detected: false });
      expect(healthy[1]).toMatchObject({ regression_detected: false });

      await write(600);
      const [regression, testing, comparison, calibration, adversarial] = await allAt('checkpoint-600');
      expect(regression).toMatchObject({ checkpoint: 'checkpoint-600', regression_detected: true });
      expect((regression!['evidence'] as { method: string }).method).toBe('paired_bootstrap');
      expect(testing).toMatchObject({ checkpoint: 'checkpoint-600', regression_detected: true, baseline: 'checkpoint-500' });
      expect((testing!['evidence'] as { baseline_checkpoints: string[] }).baseline_checkpoints).toEqual(['checkpoint-100', 'checkpoint-300', 'checkpoint-500']);
      const rankings = comparison!['rankings'] as { checkpoint: string }[];
      expect(comparison!['best_checkpoint']).toBe('checkpoint-500');
      expect(rankings[0]!.checkpoint).toBe('checkpoint-500');
      expect(rankings.map((r) => r.checkpoint).sort()).toEqual(['checkpoint-100', 'checkpoint-300', 'checkpoint-500', 'checkpoint-600']);
      expect(calibration).toMatchObject({ checkpoint: 'checkpoint-600', examples: 48 });
      expect(typeof calibration!['ece']).toBe('number');
      // The miner tested the mining split's 20 examples, not the held-out validation set.
      expect(adversarial).toMatchObject({ checkpoint: 'checkpoint-600', examples_tested: 20, split: 'mining' });
      expect(adversarial!['failures_found']).toBeGreaterThan(0);
      const hard = await readdir(path.join(dir, 'data', 'adversarial_examples'));
      expect(hard).toHaveLength(1);
      expect(hard[0]).toMatch(/^hard_examples_\d{8}\.jsonl$/);
      const mined = (await readFile(path.join(dir, 'data', 'adversarial_examples', hard[0]!), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { source_id: string; prompt: string; golden: string });
      expect(mined.every((m) => m.source_id.startsWith('mine-'))).toBe(true);

      // Each example was inferred once per checkpoint, for all five daemons.
      for (const counts of Object.values(sim.stats().inferences['checkpoint-600']!)) expect(counts).toEqual({ generate: 1, score: 1 });

      // The API serves each at its seed route (the daemons may have rewritten a file since; the
      // content that matters stays).
      const served = async (route: string) => {
        const res = await fetch(`http://127.0.0.1:${port}/api/${route}`);
        expect(res.status).toBe(200);
        return (await res.json()) as Record<string, unknown>;
      };
      for (const route of ['testing', 'confidence', 'adversarial', 'regression']) {
        expect(await served(route)).toMatchObject({ checkpoint: 'checkpoint-600', schema_version: 1 });
      }
      expect(await served('testing')).toMatchObject({ regression_detected: true });
      expect(await served('regression')).toMatchObject({ regression_detected: true });
      expect(await served('model_comparison')).toMatchObject({ best_checkpoint: 'checkpoint-500' });

      // checkpoint-100 is pruned (as sync's --keep does): automated-testing's pool still holds it,
      // from the evaluator's record in status/evals/, and the rankings no longer do (a pruned
      // checkpoint cannot be deployed).
      expect(await readdir(path.join(statusDir, 'evals', 'checkpoint-100'))).not.toHaveLength(0);
      await rm(path.join(dir, 'current_model', 'checkpoint-100'), { recursive: true });
      await write(700);
      const [, afterPrune, rankedAfterPrune] = await allAt('checkpoint-700');
      expect(afterPrune).toMatchObject({ checkpoint: 'checkpoint-700', regression_detected: true });
      expect((afterPrune!['evidence'] as { baseline_checkpoints: string[] }).baseline_checkpoints).toEqual(['checkpoint-100', 'checkpoint-300', 'checkpoint-500', 'checkpoint-600']);
      expect((rankedAfterPrune!['rankings'] as { checkpoint: string }[]).map((r) => r.checkpoint).sort()).toEqual(['checkpoint-300', 'checkpoint-500', 'checkpoint-600', 'checkpoint-700']);
    } finally {
      await Promise.all(processes.map((p) => p.stop()));
      await sim.close();
      await remove();
    }
  }, 240_000);
});
