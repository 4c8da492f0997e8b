import type { MonitoredStream } from '@flywheel/production-monitor';
import { redisNamespace, type StatusIssue } from '@flywheel/contracts';
import type { Redis } from 'ioredis';
import { readFile } from 'node:fs/promises';

/** One stream entry as Redis holds it: which stream, its id, its fields (name, value, …). */
export interface TrafficEntry {
  stream: MonitoredStream;
  id: string;
  /** Milliseconds since the epoch, from the stream id (the time Redis added it). */
  atMs: number;
  fields: string[];
}

export interface LoadedTraffic {
  source: 'redis' | 'file' | 'none';
  detail: string | null;
  /** Oldest first. */
  entries: TrafficEntry[];
  /** Lines of a traffic file that could not be read, by file and line. */
  problems: StatusIssue[];
}

const STREAM_FIELD: Record<MonitoredStream, string> = { gateway: 'event', feedback: 'record' };
const byTime = (a: TrafficEntry, b: TrafficEntry) => a.atMs - b.atMs;

/**
 * A recorded traffic file (JSONL, one `{"stream": "gateway", "id", "event"}` or
 * `{"stream": "feedback", "id", "record"}` per line, as the production monitor's fixture) with
 * the entries between `fromMs` and `toMs` inclusive. A line that is not such an object is
 * reported with its line number and left out; the contract check of each event is the
 * monitor's, at replay.
 */
export async function readTrafficFile(file: string, fromMs: number, toMs: number): Promise<LoadedTraffic> {
  const text = await readFile(file, 'utf8');
  const entries: TrafficEntry[] = [];
  const problems: StatusIssue[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `line ${index + 1}`;
    let json: { stream?: unknown; id?: unknown; event?: unknown; record?: unknown };
    try {
      json = JSON.parse(line);
    } catch (error) {
      problems.push({ source: file, where, message: `not JSON: ${(error as Error).message}` });
      return;
    }
    const stream = json?.stream;
    if (stream !== 'gateway' && stream !== 'feedback') {
      problems.push({ source: file, where, message: 'stream: expected "gateway" or "feedback"' });
      return;
    }
    const atMs = typeof json.id === 'string' && /^\d+-\d+$/.test(json.id) ? Number(json.id.split('-')[0]) : NaN;
    if (!Number.isFinite(atMs)) {
      problems.push({ source: file, where, message: 'id: expected a stream id "<ms>-<seq>"' });
      return;
    }
    const value = stream === 'gateway' ? json.event : json.record;
    if (value === undefined) {
      problems.push({ source: file, where, message: `${STREAM_FIELD[stream]}: missing` });
      return;
    }
    if (atMs < fromMs || atMs > toMs) return;
    entries.push({ stream, id: json.id as string, atMs, fields: [STREAM_FIELD[stream], JSON.stringify(value)] });
  });
  return { source: 'file', detail: file, entries: entries.sort(byTime), problems };
}

/** The run's gateway events and feedback between `fromMs` and `toMs` (XRANGE by the ids' time), oldest first. */
export async function readTrafficFromRedis(redis: Redis, run: string, fromMs: number, toMs: number, chunk = 5_000): Promise<LoadedTraffic> {
  const ns = redisNamespace(run);
  const keys: Record<MonitoredStream, string> = { gateway: ns.gatewayEvents, feedback: ns.feedback };
  const entries: TrafficEntry[] = [];
  for (const stream of ['gateway', 'feedback'] as const) {
    // An id without its sequence part means "-0" as a start and "-<max>" as an end.
    let start = String(Math.ceil(fromMs));
    const end = String(Math.floor(toMs));
    for (;;) {
      const page = (await redis.xrange(keys[stream], start, end, 'COUNT', chunk)) as [string, string[]][];
      for (const [id, fields] of page) entries.push({ stream, id, atMs: Number(id.split('-')[0]), fields });
      if (page.length < chunk) break;
      start = `(${page.at(-1)![0]}`;
    }
  }
  return { source: 'redis', detail: `${keys.gateway}, ${keys.feedback}`, entries: entries.sort(byTime), problems: [] };
}
