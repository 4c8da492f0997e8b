import { describe, expect, it } from '@jest/globals';
import { DAEMON_NAMES, redisNamespace } from '@flywheel/contracts';
import { redisPerFile, tempDir } from '@flywheel/testing';
import { Queue } from 'bullmq';
import { runCli } from './cli.js';
import { bufferIo } from './cli-io.js';

const RUN = 'cli-queues';
const redis = redisPerFile({ maxRetriesPerRequest: null });

describe('flywheel queue-health with Redis', () => {
  it('gives every daemon queue\'s job counts, and only this run\'s', async () => {
    const { dir, remove } = await tempDir('cli-queue-int');
    const queue = (name: string, run = RUN) => new Queue(name, { connection: redis.client, prefix: redisNamespace(run).queuePrefix });
    const queues = [queue('regression-monitor'), queue('evaluator'), queue('data-generation'), queue('regression-monitor', 'other-run')];
    try {
      const [monitor, evaluator, generation, otherRun] = queues;
      await monitor!.add('tick', { kind: 'tick' });
      await monitor!.add('tick', { kind: 'tick' });
      await evaluator!.add('evaluate', {}, { delay: 3_600_000 });
      await generation!.add('tick', { kind: 'tick' }, { priority: 5 });
      await otherRun!.add('tick', { kind: 'tick' });

      const io = bufferIo({ cwd: dir });
      await runCli(['queue-health', '--base-dir', dir, '--run', RUN, '--redis-url', redis.server.url, '--json'], { io, workspaceRoot: dir });
      const health = JSON.parse(io.out());
      expect(Object.keys(health.daemon_queues).sort()).toEqual([...DAEMON_NAMES].sort());
      const zero = { waiting: 0, active: 0, delayed: 0, prioritized: 0, failed: 0, completed: 0 };
      expect(health.daemon_queues['regression-monitor']).toEqual({ ...zero, waiting: 2 });
      expect(health.daemon_queues.evaluator).toEqual({ ...zero, delayed: 1 });
      expect(health.daemon_queues['data-generation']).toEqual({ ...zero, prioritized: 1 });
      expect(health.daemon_queues['checkpoint-sync']).toEqual(zero);
      expect(health.redis_error).toBeUndefined();

      const text = bufferIo({ cwd: dir });
      await runCli(['queue-health', '--base-dir', dir, '--run', RUN, '--redis-url', redis.server.url], { io: text, workspaceRoot: dir });
      // The table's WAITING counts prioritized jobs too: both wait for the worker.
      expect(text.out()).toMatch(/^regression-monitor\s+2\s+0\s+0\s+0\s+0$/m);
      expect(text.out()).toMatch(/^data-generation\s+1\s+0\s+0\s+0\s+0$/m);
      expect(text.out()).toMatch(/^evaluator\s+0\s+0\s+1\s+0\s+0$/m);
    } finally {
      await Promise.all(queues.map((q) => q.close()));
      await remove();
    }
  });
});
