import { describe, expect, it } from '@jest/globals';
import { redisNamespace, type StatusBody } from '@flywheel/contracts';
import { redisPerFile, tempDir, waitFor } from '@flywheel/testing';
import { Redis } from 'ioredis';
import { readFile, writeFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createStatusStore } from './status-store.js';
import { unreachableRedis } from './unreachable-redis.fixture.js';
import type { StatusUpdateMessage } from '@flywheel/contracts';

const redis = redisPerFile();

const deployment = (checkpoint: string): StatusBody<'deployment'> => ({ checkpoint, deployed_at: null, score: 0.9, success: true });
const at = (iso: string) => () => new Date(iso);

/** A pino logger whose JSON lines land in `lines`, to see what the store reports. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

describe('status store with Redis', () => {
  it('publishes each write: the JSON under the status key, and a message a subscriber hears', async () => {
    const { dir, remove } = await tempDir('store-pub');
    const store = createStatusStore({ statusDir: dir, run: 'pub', redis: redis.client, now: at('2026-01-02T03:04:05.000Z') });
    const heard: StatusUpdateMessage[] = [];
    const subscription = await store.subscribe((update) => heard.push(update));
    try {
      const written = await store.write('deployment', deployment('checkpoint-7'));
      const ns = redisNamespace('pub');
      // The Redis copy is the file's JSON, byte for byte (the file adds a final newline).
      const fileText = await readFile(store.fileOf('deployment'), 'utf8');
      expect(await redis.client.get('{flywheel:pub}:status:last_deployment.json')).toBe(fileText.trimEnd());
      expect(JSON.parse((await redis.client.get(ns.status('last_deployment.json')))!)).toEqual(written);
      await waitFor(() => heard.length === 1, { what: 'the status-updates message' });
      expect(heard).toEqual([{ file: 'last_deployment.json', id: 'deployment', last_update: '2026-01-02T03:04:05.000Z' }]);
    } finally {
      await subscription.close();
      await remove();
    }
  });

  it('hands a subscriber only well-formed messages, from any publisher on the channel', async () => {
    const { dir, remove } = await tempDir('store-sub');
    const { logger, lines } = capturingLogger();
    const store = createStatusStore({ statusDir: dir, run: 'sub', redis: redis.client, logger });
    const heard: StatusUpdateMessage[] = [];
    const subscription = await store.subscribe((update) => heard.push(update));
    try {
      const channel = redisNamespace('sub').statusChannel;
      await redis.client.publish(channel, 'not json');
      await redis.client.publish(channel, JSON.stringify({ file: 'x.json', id: 'nope', last_update: 'yesterday' }));
      const good = { file: 'model_comparisons.json', id: 'model_comparison', last_update: '2026-05-05T05:05:05.000Z' };
      await redis.client.publish(channel, JSON.stringify(good));
      await waitFor(() => heard.length === 1, { what: 'the well-formed message' });
      expect(heard).toEqual([good]);
      expect(lines.filter((l) => l['level'] === 40).map((l) => l['msg'])).toEqual([
        'status update is not JSON: skipped',
        'status update does not match its schema: skipped',
      ]);
    } finally {
      await subscription.close();
      await remove();
    }
  });

  it('subscribes through a fail-fast redis.client too (no offline queue, as the API uses)', async () => {
    const { dir, remove } = await tempDir('store-failfast');
    const failFast = new Redis(redis.server.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    const store = createStatusStore({ statusDir: dir, run: 'ff', redis: failFast });
    const heard: StatusUpdateMessage[] = [];
    const subscription = await store.subscribe((update) => heard.push(update));
    try {
      await createStatusStore({ statusDir: dir, run: 'ff', redis: redis.client, now: at('2026-02-02T02:02:02.000Z') }).write('confidence', {
        bins: [], ece: null, well_calibrated: false,
      });
      await waitFor(() => heard.length === 1, { what: 'the message through the fail-fast redis.client' });
      expect(heard).toEqual([{ file: 'confidence_calibration.json', id: 'confidence', last_update: '2026-02-02T02:02:02.000Z' }]);
    } finally {
      await subscription.close();
      failFast.disconnect();
      await remove();
    }
  });

  it('reads the newer of the local file and the copy another host published', async () => {
    const local = await tempDir('host-a');
    const remote = await tempDir('host-b');
    try {
      // This host wrote at 00:00 while Redis was not configured: only its file has it.
      await createStatusStore({ statusDir: local.dir, run: 'two', now: at('2026-01-01T00:00:00.000Z') }).write('deployment', deployment('checkpoint-1'));
      const reader = createStatusStore({ statusDir: local.dir, run: 'two', redis: redis.client });
      expect(await reader.read('deployment')).toMatchObject({ state: 'present', source: 'file', data: { checkpoint: 'checkpoint-1' } });

      // Another host (another folder) writes at 00:05 and publishes: this host serves that copy.
      await createStatusStore({ statusDir: remote.dir, run: 'two', redis: redis.client, now: at('2026-01-01T00:05:00.000Z') }).write('deployment', deployment('checkpoint-2'));
      expect(await reader.read('deployment')).toMatchObject({
        state: 'present', source: 'redis', lastUpdate: '2026-01-01T00:05:00.000Z', data: { checkpoint: 'checkpoint-2' },
      });
      expect(JSON.parse(await readFile(reader.fileOf('deployment'), 'utf8')).checkpoint).toBe('checkpoint-1');

      // A later local write (Redis down meanwhile, so unpublished) wins over the published copy.
      await createStatusStore({ statusDir: local.dir, run: 'two', now: at('2026-01-01T00:10:00.000Z') }).write('deployment', deployment('checkpoint-3'));
      expect(await reader.read('deployment')).toMatchObject({ state: 'present', source: 'file', data: { checkpoint: 'checkpoint-3' } });

      // Another run's copy is invisible: keys are namespaced by run.
      const otherRun = createStatusStore({ statusDir: remote.dir + '-none', run: 'three', redis: redis.client });
      expect((await otherRun.read('deployment')).state).toBe('missing');
    } finally {
      await local.remove();
      await remote.remove();
    }
  });

  it('serves a valid Redis copy over a corrupt file, and says the file is corrupt', async () => {
    const { dir, remove } = await tempDir('store-corrupt');
    try {
      const store = createStatusStore({ statusDir: dir, run: 'corrupt', redis: redis.client });
      await store.write('deployment', deployment('checkpoint-4'));
      await writeFile(store.fileOf('deployment'), '{"checkpoint": ');
      const read = await store.read('deployment');
      expect(read).toMatchObject({ state: 'present', source: 'redis', data: { checkpoint: 'checkpoint-4' } });
      expect(read.state === 'present' && read.otherCopyError).toMatch(/^last_deployment\.json \(.*last_deployment\.json\): not valid JSON/);
    } finally {
      await remove();
    }
  });

  it('still writes and reads the file when Redis is unreachable, and warns about the publish', async () => {
    const { dir, remove } = await tempDir('store-down');
    const dead = await unreachableRedis();
    const { logger, lines } = capturingLogger();
    try {
      const store = createStatusStore({ statusDir: dir, run: 'down', redis: dead.client, logger });
      const written = await store.write('deployment', deployment('checkpoint-9'));
      expect(JSON.parse(await readFile(store.fileOf('deployment'), 'utf8'))).toEqual(written);
      expect(await store.read('deployment')).toMatchObject({ state: 'present', source: 'file', data: { checkpoint: 'checkpoint-9' } });
      const warnings = lines.filter((l) => l['level'] === 40);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ msg: 'status written to disk but not published to Redis', file: 'last_deployment.json' });
    } finally {
      await dead.close();
      await remove();
    }
  });

  it('does not hang a write when Redis stops answering (a daemon redis.client waits for it forever)', async () => {
    const { dir, remove } = await tempDir('store-hang');
    // A daemon's redis.client: commands wait in the offline queue, never give up on their own.
    const daemonClient = new Redis(redis.server.url, { maxRetriesPerRequest: null });
    const { logger, lines } = capturingLogger();
    try {
      await daemonClient.ping();
      // The real server stops serving every redis.client for 3 s, as a stuck or partitioned Redis would
      // (the write and read below take two 200 ms timeouts).
      await redis.client.client('PAUSE', 3_000, 'ALL');
      const store = createStatusStore({ statusDir: dir, run: 'hang', redis: daemonClient, logger, redisTimeoutMs: 200 });
      await store.write('deployment', deployment('checkpoint-5'));
      expect(JSON.parse(await readFile(store.fileOf('deployment'), 'utf8')).checkpoint).toBe('checkpoint-5');
      expect(lines.find((l) => l['level'] === 40)).toMatchObject({ err: { message: 'publish last_deployment.json: no answer from Redis within 200 ms' } });
      expect(await store.read('deployment')).toMatchObject({ state: 'present', source: 'file' });
    } finally {
      // Answered once the pause is over; the next test needs the server back.
      await redis.client.ping();
      daemonClient.disconnect();
      await remove();
    }
  });
});
