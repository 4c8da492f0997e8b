// End to end: the built regression-monitor process and the built API process, a private
// redis-server, and checkpoint folders written the way HF Trainer writes them.
import { describe, expect, it } from '@jest/globals';
import { RegressionMonitoringStatus, redisNamespace } from '@flywheel/contracts';
import { writeSimulatedCheckpoint } from '@flywheel/simulation';
import { freePort, startNodeProcess, redisPerFile, tempDir, waitFor, type NodeProcess } from '@flywheel/testing';
import { Queue } from 'bullmq';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MONITOR = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const API = fileURLToPath(new URL('../../api/dist/main.js', import.meta.url));

const redis = redisPerFile({ maxRetriesPerRequest: null });

const checkpoint = (step: number, evalLoss: number) => ({
  step,
  evalLoss,
  trainLoss: [{ step, loss: evalLoss * 0.9, learningRate: 1e-5 }],
  epoch: 1,
  maxSteps: 1000,
});

async function readStatus(statusDir: string) {
  const text = await readFile(path.join(statusDir, 'regression_monitoring.json'), 'utf8').catch(() => null);
  return text === null ? undefined : RegressionMonitoringStatus.parse(JSON.parse(text));
}

function monitorArgs(baseDir: string, run: string, extra: string[] = []) {
  return ['--base-dir', baseDir, '--redis-url', redis.server.url, '--run', run, '--interval', '300',
    '--set', 'checkpoints.settleSeconds=0.2', '--log-level', 'warn', ...extra];
}

describe('regression-monitor daemon, end to end', () => {
  it('reports no regression on a healthy run, then the regression a new checkpoint brings, in the file and the API', async () => {
    const { dir, remove } = await tempDir('e2e');
    const checkpoints = path.join(dir, 'current_model');
    const statusDir = path.join(dir, 'status', 'e2e');
    let monitor: NodeProcess | undefined;
    let api: NodeProcess | undefined;
    try {
      // eval losses 0.60 → 0.50 → 0.45: improving, no regression.
      for (const [step, loss] of [[100, 0.6], [200, 0.5], [300, 0.45]] as const) {
        await writeSimulatedCheckpoint(checkpoints, checkpoint(step, loss));
      }
      monitor = startNodeProcess(MONITOR, monitorArgs(dir, 'e2e'));
      const port = await freePort();
      api = startNodeProcess(API, ['--base-dir', dir, '--redis-url', redis.server.url, '--run', 'e2e', '--api-port', String(port), '--log-level', 'warn']);
      const healthy = await waitFor(async () => {
        const s = await readStatus(statusDir);
        return s?.checkpoint === 'checkpoint-300' ? s : undefined;
      }, { what: `the first status (monitor output: ${monitor.output()})` });
      // 0.45 vs the best earlier loss 0.50: −10 %, no regression.
      expect(healthy).toMatchObject({
        regression_detected: false, alert_level: 'none', baseline_checkpoint: 'checkpoint-200',
        baseline_loss: 0.5, current_loss: 0.45, increase_percent: -10, threshold_percent: 15,
      });

      // checkpoint-400 at 0.58: (0.58 − 0.45) / 0.45 = +28.9 % → regression, critical (≥ 25 %).
      await writeSimulatedCheckpoint(checkpoints, checkpoint(400, 0.58));
      const regressed = await waitFor(async () => {
        const s = await readStatus(statusDir);
        return s?.checkpoint === 'checkpoint-400' ? s : undefined;
      }, { what: 'the status after checkpoint-400' });
      expect(regressed).toMatchObject({
        regression_detected: true, alert_level: 'critical', baseline_checkpoint: 'checkpoint-300',
        baseline_loss: 0.45, current_loss: 0.58, increase_percent: 28.9,
      });
      expect(regressed.evidence.checkpoints.map((c) => c.checkpoint)).toEqual([
        'checkpoint-100', 'checkpoint-200', 'checkpoint-300', 'checkpoint-400',
      ]);

      const served = await waitFor(async () => {
        const response = await fetch(`http://127.0.0.1:${port}/api/regression`);
        if (response.status !== 200) return undefined;
        const body = (await response.json()) as { checkpoint?: string };
        return body.checkpoint === 'checkpoint-400' ? body : undefined;
      }, { what: `GET /api/regression (api output: ${api.output()})` });
      expect(served).toMatchObject({ regression_detected: true, increase_percent: 28.9, alert_level: 'critical' });

      // A malformed trainer_state.json in a newer checkpoint is named, and skipped.
      const broken = path.join(checkpoints, 'checkpoint-500');
      await mkdir(broken, { recursive: true });
      await writeFile(path.join(broken, 'model.safetensors'), 'x');
      await writeFile(path.join(broken, 'trainer_state.json'), JSON.stringify({ global_step: 500, log_history: [{ step: 500, eval_loss: 'low' }] }));
      const withProblem = await waitFor(async () => {
        // The broken folder is never announced; a manual run (the interval's job) picks it up.
        const queue = new Queue('regression-monitor', { connection: redis.client, prefix: redisNamespace('e2e').queuePrefix });
        await queue.add('manual.run', { kind: 'manual', requestedBy: 'test' });
        await queue.close();
        const s = await readStatus(statusDir);
        return s && s.errors.length > 0 ? s : undefined;
      }, { what: 'the malformed checkpoint to be reported', intervalMs: 1_000 });
      expect(withProblem.errors[0]!.source).toBe(path.join(broken, 'trainer_state.json'));
      expect(withProblem.errors[0]!.where).toMatch(/log_history\[0\]\.eval_loss/);
      expect(withProblem.checkpoint).toBe('checkpoint-400');
      expect(withProblem.regression_detected).toBe(true);
      expect(monitor.child.exitCode).toBeNull();
    } finally {
      await monitor?.stop();
      await api?.stop();
      await remove();
    }
  });

  it('re-runs a job that was active when the daemon was killed with SIGKILL', async () => {
    const { dir, remove } = await tempDir('kill9');
    const statusDir = path.join(dir, 'status', 'kill9');
    const queue = new Queue('regression-monitor', { connection: redis.client, prefix: redisNamespace('kill9').queuePrefix });
    const fastRecovery = ['--set', 'queue.lockDurationMs=2000', '--set', 'queue.stalledIntervalMs=500'];
    let monitor: NodeProcess | undefined;
    try {
      await writeSimulatedCheckpoint(path.join(dir, 'current_model'), checkpoint(100, 0.5));
      await writeSimulatedCheckpoint(path.join(dir, 'current_model'), checkpoint(200, 0.7));
      // The first daemon holds every job for a minute: it will die in the middle of one.
      monitor = startNodeProcess(MONITOR, monitorArgs(dir, 'kill9', [...fastRecovery, '--set', 'debug.holdJobMs=60000']));
      const active = await waitFor(async () => {
        const jobs = await queue.getActive();
        return jobs.length > 0 ? jobs[0] : undefined;
      }, { what: `an active job (monitor output: ${monitor.output()})` });
      monitor.child.kill('SIGKILL');
      expect(await monitor.exited).toBe('SIGKILL');
      expect(await readStatus(statusDir)).toBeUndefined();

      monitor = startNodeProcess(MONITOR, monitorArgs(dir, 'kill9', fastRecovery));
      const finished = await waitFor(async () => {
        const job = await queue.getJob(active.id!);
        return job?.finishedOn ? job : undefined;
      }, { what: `job ${active.id} to finish after the restart (monitor output: ${monitor.output()})` });
      expect(await finished.getState()).toBe('completed');
      const status = await readStatus(statusDir);
      // 0.7 vs 0.5: +40 % → critical regression; the file parses against its schema.
      expect(status).toMatchObject({ checkpoint: 'checkpoint-200', regression_detected: true, increase_percent: 40 });
    } finally {
      await monitor?.stop();
      await queue.close();
      await remove();
    }
  });

  it('runs once and exits 0 without --interval, even with Redis down', async () => {
    const { dir, remove } = await tempDir('once');
    try {
      await writeSimulatedCheckpoint(path.join(dir, 'current_model'), checkpoint(1, 0.5));
      await writeSimulatedCheckpoint(path.join(dir, 'current_model'), checkpoint(2, 0.5));
      const port = await freePort();
      const once = startNodeProcess(MONITOR, ['--base-dir', dir, '--redis-url', `redis://127.0.0.1:${port}`, '--log-level', 'error']);
      expect(await once.exited).toBe(0);
      expect(await readStatus(path.join(dir, 'status'))).toMatchObject({ checkpoint: 'checkpoint-2', increase_percent: 0, regression_detected: false });
    } finally {
      await remove();
    }
  });

  it('stops at start-up on a bad config, naming each bad field and where it came from', async () => {
    const { dir, remove } = await tempDir('badcfg');
    try {
      await writeFile(path.join(dir, 'flywheel.config.json'), JSON.stringify({ regression: { window: 1 } }));
      const run = startNodeProcess(MONITOR, ['--base-dir', dir, '--interval', 'soon'], { FLYWHEEL_CONFIG: path.join(dir, 'flywheel.config.json') });
      expect(await run.exited).toBe(2);
      const output = run.output();
      expect(output).toMatch(/regression\.window/);
      expect(output).toContain(path.join(dir, 'flywheel.config.json'));
      expect(output).toMatch(/interval/);
      expect(output).toMatch(/--interval/);
    } finally {
      await remove();
    }
  });
});
