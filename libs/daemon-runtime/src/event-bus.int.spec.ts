import { describe, expect, it } from '@jest/globals';
import { redisNamespace } from '@flywheel/contracts';
import { redisPerFile } from '@flywheel/testing';
import { Queue } from 'bullmq';
import { EventBus } from './event-bus.js';

const redis = redisPerFile({ maxRetriesPerRequest: null });

const event = (checkpoint: string) => ({
  kind: 'checkpoint.ready' as const,
  checkpoint,
  step: Number(checkpoint.split('-')[1]),
  path: `/x/${checkpoint}`,
  announcedAt: new Date().toISOString(),
  source: 'local-watch' as const,
});

describe('EventBus', () => {
  it('delivers an event once to each subscriber, however many announcers race', async () => {
    const ns = redisNamespace('bus');
    const bus1 = new EventBus(redis.client, ns);
    const bus2 = new EventBus(redis.client, ns);
    await bus1.subscribe('checkpoint.ready', 'regression-monitor');
    await bus1.subscribe('checkpoint.ready', 'automated-testing');
    const results = await Promise.all([
      bus1.announce('checkpoint.ready', 'checkpoint-5', event('checkpoint-5')),
      bus2.announce('checkpoint.ready', 'checkpoint-5', event('checkpoint-5')),
      bus1.announce('checkpoint.ready', 'checkpoint-5', event('checkpoint-5')),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await bus1.announce('checkpoint.ready', 'checkpoint-5', event('checkpoint-5'))).toBe(false);
    for (const name of ['regression-monitor', 'automated-testing']) {
      const queue = new Queue(name, { connection: redis.client, prefix: ns.queuePrefix });
      const waiting = await queue.getWaiting();
      expect(waiting.map((j) => j.data.checkpoint)).toEqual(['checkpoint-5']);
      await queue.close();
    }
    await bus1.close();
    await bus2.close();
  });

  it('refuses a payload that breaks the contract', async () => {
    const bus = new EventBus(redis.client, redisNamespace('bus-bad'));
    await expect(bus.announce('checkpoint.ready', 'x', { ...event('checkpoint-1'), checkpoint: 'ckpt-1' })).rejects.toThrow(
      /checkpoint-<step>/,
    );
    await bus.close();
  });
});
