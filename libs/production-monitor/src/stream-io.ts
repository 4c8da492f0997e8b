import { MonitorCursor, parseJsonAs, productionMonitorKeys, redisNamespace } from '@flywheel/contracts';
import type { Redis } from 'ioredis';
import type { MonitorState } from './monitor-state.js';
import type { MonitoredStream } from './stream-entry.js';

export type StreamEntry = [id: string, fields: string[]];

/** The Redis stream key of each monitored stream. */
export function streamKeys(run: string): Record<MonitoredStream, string> {
  const ns = redisNamespace(run);
  return { gateway: ns.gatewayEvents, feedback: ns.feedback };
}

/** Entries after `afterId` (exclusive), oldest first, at most `count`: one non-blocking XREAD. */
export async function readAfter(redis: Redis, key: string, afterId: string, count: number): Promise<StreamEntry[]> {
  const reply = (await redis.xread('COUNT', count, 'STREAMS', key, afterId)) as [string, StreamEntry[]][] | null;
  return reply?.[0]?.[1] ?? [];
}

/** Entries from `startId` to `endId` (both inclusive), in chunks of `count`, oldest first. */
export async function readRange(redis: Redis, key: string, startId: string, endId: string, count: number): Promise<StreamEntry[]> {
  const all: StreamEntry[] = [];
  let start = startId;
  for (;;) {
    const chunk = (await redis.xrange(key, start, endId, 'COUNT', count)) as StreamEntry[];
    all.push(...chunk);
    if (chunk.length < count) return all;
    start = `(${chunk.at(-1)![0]}`;
  }
}

/** The saved cursor, or null when there is none yet; a value that breaks the contract throws, naming the key. */
export async function loadCursor(redis: Redis, run: string): Promise<MonitorCursor | null> {
  const key = productionMonitorKeys(run).state;
  const text = await redis.get(key);
  return text === null ? null : parseJsonAs(MonitorCursor, text, key);
}

/** Saves where each stream was read up to, the totals and the last trigger, in one SET (atomic). */
export async function saveCursor(redis: Redis, run: string, state: MonitorState): Promise<void> {
  const cursor: MonitorCursor = {
    gateway: state.cursor.gateway,
    feedback: state.cursor.feedback,
    events_total: state.totals.events,
    feedback_total: state.totals.feedback,
    malformed_total: state.totals.malformed,
    last_triggered_at: state.lastTriggeredAtMs === null ? null : new Date(state.lastTriggeredAtMs).toISOString(),
    fine_tune_requests: state.fineTuneRequestsCursor,
  };
  await redis.set(productionMonitorKeys(run).state, JSON.stringify(cursor));
}

/** Compares two stream ids ("ms-seq"). */
export function compareStreamIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am - bm || (as ?? 0) - (bs ?? 0);
}
