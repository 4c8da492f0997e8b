import { describe, expect, it } from '@jest/globals';
import { DAEMON_NAMES, redisNamespace } from '@flywheel/contracts';
import { redisPerFile } from '@flywheel/testing';
import { readHeartbeats } from './heartbeats.js';
import { unreachableRedis } from './unreachable-redis.fixture.js';

const redis = redisPerFile();

const beat = {
  daemon: 'regression-monitor', run: 'hb', pid: 42, host: 'gpu-1', startedAt: '2026-01-01T00:00:00.000Z',
  beatAt: '2026-01-01T00:00:05.000Z', intervalSeconds: 300, state: 'idle', lastJob: null,
};

describe('readHeartbeats', () => {
  it('gives every daemon: alive with its heartbeat, absent, or invalid with the key and field named', async () => {
    const ns = redisNamespace('hb');
    await redis.client.set(ns.heartbeat('regression-monitor'), JSON.stringify(beat));
    await redis.client.set(ns.heartbeat('evaluator'), JSON.stringify({ ...beat, daemon: 'evaluator', pid: 'x' }));
    await redis.client.set(ns.heartbeat('checkpoint-sync'), '{"daemon":');
    await redis.client.set(ns.heartbeat('self-correction'), JSON.stringify(beat));
    // Another run's heartbeat is not this run's.
    await redis.client.set(redisNamespace('other').heartbeat('data-generation'), JSON.stringify({ ...beat, daemon: 'data-generation' }));

    const entries = await readHeartbeats(redis.client, 'hb');
    expect(Object.keys(entries).sort()).toEqual([...DAEMON_NAMES].sort());
    expect(entries['regression-monitor']).toEqual({ state: 'alive', heartbeat: beat });
    expect(entries.evaluator).toEqual({ state: 'invalid', error: expect.stringMatching(/^heartbeat \{flywheel:hb\}:heartbeat:evaluator: pid: /) });
    expect(entries['checkpoint-sync']).toEqual({ state: 'invalid', error: expect.stringMatching(/^heartbeat \{flywheel:hb\}:heartbeat:checkpoint-sync: not valid JSON/) });
    expect(entries['self-correction']).toEqual({
      state: 'invalid',
      error: 'heartbeat {flywheel:hb}:heartbeat:self-correction: daemon: names "regression-monitor", expected "self-correction"',
    });
    expect(entries['data-generation']).toEqual({ state: 'absent' });
    const absent = Object.values(entries).filter((e) => e.state === 'absent').length;
    expect(absent).toBe(DAEMON_NAMES.length - 4);
  });

  it('rejects when Redis cannot be reached', async () => {
    const dead = await unreachableRedis();
    try {
      await expect(readHeartbeats(dead.client, 'hb')).rejects.toThrow(/enableOfflineQueue|ECONNREFUSED|Connection is closed/);
    } finally {
      await dead.close();
    }
  });
});
