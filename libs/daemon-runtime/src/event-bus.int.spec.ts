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

  describe('hostile input: growth that stops, the announced keys', () => {
    it('remembers the newest keys only, in announcement order, and still refuses those again', async () => {
      const ns = redisNamespace('bus-bound');
      const bus = new EventBus(redis.client, ns, 3);
      const announced = [];
      for (const step of [500, 100, 300, 200, 400]) announced.push(await bus.announce('checkpoint.ready', `checkpoint-${step}`, event(`checkpoint-${step}`)));
      expect(announced).toEqual([true, true, true, true, true]);
      // Announcement order, not names or steps: 500 and 100 came first and are forgotten.
      expect(await redis.client.zrange(ns.announced('checkpoint.ready'), 0, -1, 'WITHSCORES')).toEqual(['checkpoint-300', '3', 'checkpoint-200', '4', 'checkpoint-400', '5']);
      expect(await bus.announce('checkpoint.ready', 'checkpoint-400', event('checkpoint-400'))).toBe(false);
      expect(await redis.client.zcard(ns.announced('checkpoint.ready'))).toBe(3);
      await bus.close();
    });

    it("reads a run's plain set of announced keys from before the bound as announced, and converts it", async () => {
      const ns = redisNamespace('bus-legacy');
      await redis.client.sadd(ns.announced('checkpoint.ready'), 'checkpoint-1', 'checkpoint-2');
      const bus = new EventBus(redis.client, ns, 3);
      expect(await bus.announce('checkpoint.ready', 'checkpoint-2', event('checkpoint-2'))).toBe(false);
      expect(await redis.client.type(ns.announced('checkpoint.ready'))).toBe('zset');
      expect(await bus.announce('checkpoint.ready', 'checkpoint-3', event('checkpoint-3'))).toBe(true);
      // The old keys, as the oldest (order 0), then the new one.
      expect(await redis.client.zrange(ns.announced('checkpoint.ready'), 0, -1, 'WITHSCORES')).toEqual(['checkpoint-1', '0', 'checkpoint-2', '0', 'checkpoint-3', '1']);
      await bus.close();
    });
  });

  it('refuses a payload that breaks the contract', async () => {
    const bus = new EventBus(redis.client, redisNamespace('bus-bad'));
    await expect(bus.announce('checkpoint.ready', 'x', { ...event('checkpoint-1'), checkpoint: 'ckpt-1' })).rejects.toThrow(
      /checkpoint-<step>/,
    );
    await bus.close();
  });
});
