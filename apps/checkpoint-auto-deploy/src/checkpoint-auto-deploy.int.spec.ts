// End to end: the built checkpoint-auto-deploy process, configured by flags alone, deploys
// model-comparison's best checkpoint to a server it starts from its command template.
import { describe, expect, it } from '@jest/globals';
import { LastDeploymentStatus } from '@flywheel/contracts';
import { writeSimulatedCheckpoint } from '@flywheel/simulation';
import { freePort, redisPerFile, startNodeProcess, tempDir } from '@flywheel/testing';
import { mkdir, readFile, readlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DEPLOY = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const SERVER = fileURLToPath(new URL('../../../libs/deploy/src/__fixtures__/serving-server.mjs', import.meta.url));
const redis = redisPerFile();

describe('checkpoint-auto-deploy process', () => {
  it('deploys the best checkpoint and records it', async () => {
    const { dir, remove } = await tempDir('deploy-e2e');
    const port = await freePort();
    try {
      await writeSimulatedCheckpoint(path.join(dir, 'current_model'), { step: 100, evalLoss: 0.5, trainLoss: [], epoch: 1, maxSteps: 1000 });
      const statusDir = path.join(dir, 'status', 'deploy-e2e');
      await mkdir(statusDir, { recursive: true });
      await writeFile(path.join(statusDir, 'model_comparisons.json'), JSON.stringify({
        best_checkpoint: 'checkpoint-100', rankings: [{ checkpoint: 'checkpoint-100', score: 0.7, score_interval: [0.65, 0.75], accuracy: null, loss: null, ece: null }],
        // Stamped as the status store writes it: the deployer checks the file against its schema.
        last_update: new Date().toISOString(), schema_version: 1,
      }));
      const run = startNodeProcess(DEPLOY, ['--base-dir', dir, '--redis-url', redis.server.url, '--run', 'deploy-e2e', '--serving-port', String(port),
        '--set', `deploy.command=node ${SERVER} --port {port} --name {name} --checkpoint {path}`, '--set', 'deploy.healthTimeoutSeconds=10', '--log-level', 'warn']);
      expect(await run.exited).toBe(0);
      const status = LastDeploymentStatus.parse(JSON.parse(await readFile(path.join(statusDir, 'last_deployment.json'), 'utf8')));
      expect(status).toMatchObject({ checkpoint: 'checkpoint-100', success: true, serving: 'checkpoint-100', score: 0.7 });
      expect(await readlink(path.join(dir, 'serving', 'current'))).toBe(path.join('checkpoints', 'checkpoint-100'));
      const models = (await (await fetch(`http://127.0.0.1:${port}/v1/models`)).json()) as { data: { id: string }[] };
      expect(models.data[0]!.id).toBe('checkpoint-100');
    } finally {
      const pid = Number((await readFile(path.join(dir, 'serving', 'server.pid'), 'utf8').catch(() => '0')).split('\n')[0]);
      if (pid) try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
      await remove();
    }
  }, 60_000);
});
