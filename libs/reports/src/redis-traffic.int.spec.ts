// The report's traffic from a private Redis: both streams read by time in small chunks and
// merged oldest first give exactly the recorded file's entries of the same range.
import { describe, expect, it } from '@jest/globals';
import { redisNamespace } from '@flywheel/contracts';
import { redisPerFile } from '@flywheel/testing';
import { readFile } from 'node:fs/promises';
import { redisTraffic, trafficFile, type TrafficEntry } from './traffic.js';
import { DEGRADING_TRAFFIC, T0 } from './report-inputs.fixture.js';

const redis = redisPerFile();

async function all(entries: AsyncIterable<TrafficEntry>): Promise<TrafficEntry[]> {
  const out: TrafficEntry[] = [];
  for await (const e of entries) out.push(e);
  return out;
}

describe('traffic from Redis', () => {
  it('reads both streams between two times in chunks, merged oldest first, as the file has them', async () => {
    const ns = redisNamespace('replay');
    const pipeline = redis.client.pipeline();
    for (const line of (await readFile(DEGRADING_TRAFFIC, 'utf8')).split('\n').filter(Boolean)) {
      const l = JSON.parse(line) as { stream: string; id: string; event?: unknown; record?: unknown };
      if (l.stream === 'gateway') pipeline.xadd(ns.gatewayEvents, l.id, 'event', JSON.stringify(l.event));
      else pipeline.xadd(ns.feedback, l.id, 'record', JSON.stringify(l.record));
    }
    await pipeline.exec();
    // 10:20:00–10:29:59.999: P3's 100 requests and 20 ratings; a chunk of 7 makes both streams page.
    const [from, to] = [T0 + 20 * 60_000, T0 + 30 * 60_000 - 1];
    const fromRedis = await all(redisTraffic(redis.client, 'replay', from, to, 7).entries);
    const fromFile = await all((await trafficFile(DEGRADING_TRAFFIC, from, to)).entries);
    expect(fromRedis.filter((e) => e.stream === 'gateway')).toHaveLength(100);
    expect(fromRedis.filter((e) => e.stream === 'feedback')).toHaveLength(20);
    expect(fromRedis).toEqual(fromFile);
    expect(fromRedis.map((e) => e.atMs)).toEqual([...fromRedis.map((e) => e.atMs)].sort((a, b) => a - b));
  });
});
