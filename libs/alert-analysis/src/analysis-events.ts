import { AnalysisStreamEvent, parseJsonAs, redisNamespace } from '@flywheel/contracts';
import type { Redis } from 'ioredis';
import type { StreamEntry } from './alert-store.js';

/** Adds an event to the `analysisEvents` stream (about `maxLength` entries kept); returns its id. */
export async function publishAnalysisEvent(redis: Redis, run: string, event: AnalysisStreamEvent, maxLength: number): Promise<string> {
  const id = await redis.xadd(redisNamespace(run).analysisEvents, 'MAXLEN', '~', String(maxLength), '*', 'event', JSON.stringify(AnalysisStreamEvent.parse(event)));
  return id!;
}

/** An entry of the analysis events stream: the event, or why it is unreadable. */
export type AnalysisEventEntry = { id: string; event: AnalysisStreamEvent } | { id: string; problem: string };

export function analysisEventOfEntry([id, fields]: StreamEntry): AnalysisEventEntry {
  const index = fields.findIndex((value, i) => i % 2 === 0 && value === 'event');
  if (index < 0) return { id, problem: `analysis events entry ${id}: no "event" field` };
  try {
    return { id, event: parseJsonAs(AnalysisStreamEvent, fields[index + 1]!, `analysis events entry ${id}`) };
  } catch (error) {
    return { id, problem: (error as Error).message };
  }
}

/**
 * The id of the newest `analysis.start` among the last `lookBack` entries, or null: where a
 * client without a Last-Event-ID starts, so it sees the latest analysis whole.
 */
export async function latestAnalysisStart(redis: Redis, run: string, lookBack = 5000): Promise<string | null> {
  const entries = (await redis.xrevrange(redisNamespace(run).analysisEvents, '+', '-', 'COUNT', lookBack)) as StreamEntry[];
  for (const entry of entries) {
    const parsed = analysisEventOfEntry(entry);
    if ('event' in parsed && parsed.event.kind === 'analysis.start') return parsed.id;
  }
  return null;
}

/** The stream id just before `id`, so that reading "after" it starts at `id` itself. */
export function streamIdBefore(id: string): string {
  const [ms, seq] = id.split('-').map(BigInt) as [bigint, bigint];
  if (seq > 0n) return `${ms}-${seq - 1n}`;
  if (ms === 0n) return '0-0';
  return `${ms - 1n}-18446744073709551615`;
}

/** Folds events into each analysis' text so far (a new `analysis.start` of an id starts it over). */
export function textsOf(events: readonly AnalysisStreamEvent[]): Map<string, { text: string; status: 'running' | 'complete' | 'unavailable' }> {
  const texts = new Map<string, { text: string; status: 'running' | 'complete' | 'unavailable' }>();
  for (const event of events) {
    if (event.kind === 'analysis.start') texts.set(event.analysis_id, { text: '', status: 'running' });
    else if (event.kind === 'token') {
      const entry = texts.get(event.analysis_id) ?? { text: '', status: 'running' as const };
      entry.text += event.text;
      texts.set(event.analysis_id, entry);
    } else {
      const entry = texts.get(event.analysis_id) ?? { text: '', status: 'running' as const };
      entry.status = event.status;
      texts.set(event.analysis_id, entry);
    }
  }
  return texts;
}
