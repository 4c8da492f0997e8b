import type { MonitoredStream } from '@flywheel/production-monitor';
import { redisNamespace, type StatusIssue } from '@flywheel/contracts';
import type { Redis } from 'ioredis';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/** One stream entry as Redis holds it: which stream, its id, its fields (name, value, …). */
export interface TrafficEntry {
  stream: MonitoredStream;
  id: string;
  /** Milliseconds since the epoch, from the stream id (the time Redis added it). */
  atMs: number;
  fields: string[];
}

/**
 * Where a report's traffic comes from. The entries are read as the replay consumes them (a
 * day of gateway events with their texts need not fit in memory), oldest first.
 */
export interface TrafficSource {
  source: 'redis' | 'file' | 'none';
  detail: string | null;
  entries: AsyncIterable<TrafficEntry>;
  /** Lines of a traffic file that could not be read, by file and line; filled while reading. */
  problems: StatusIssue[];
}

const STREAM_FIELD: Record<MonitoredStream, string> = { gateway: 'event', feedback: 'record' };

async function* nothing(): AsyncGenerator<TrafficEntry> {}

/** No traffic, and why. */
export function noTraffic(detail: string): TrafficSource {
  return { source: 'none', detail, entries: nothing(), problems: [] };
}

/** One line of a traffic file as an entry, or the problem with it. */
export function parseTrafficLine(line: string): TrafficEntry | { problem: string } {
  let json: { stream?: unknown; id?: unknown; event?: unknown; record?: unknown };
  try {
    json = JSON.parse(line);
  } catch (error) {
    return { problem: `not JSON: ${(error as Error).message}` };
  }
  const stream = json?.stream;
  if (stream !== 'gateway' && stream !== 'feedback') return { problem: 'stream: expected "gateway" or "feedback"' };
  const atMs = typeof json.id === 'string' && /^\d+-\d+$/.test(json.id) ? Number(json.id.split('-')[0]) : NaN;
  if (!Number.isFinite(atMs)) return { problem: 'id: expected a stream id "<ms>-<seq>"' };
  const value = stream === 'gateway' ? json.event : json.record;
  if (value === undefined) return { problem: `${STREAM_FIELD[stream]}: missing` };
  return { stream, id: json.id as string, atMs, fields: [STREAM_FIELD[stream], JSON.stringify(value)] };
}

/**
 * A recorded traffic file (JSONL in time order, one `{"stream": "gateway", "id", "event"}` or
 * `{"stream": "feedback", "id", "record"}` per line, as the production monitor's fixture): the
 * entries between `fromMs` and `toMs` inclusive, read line by line. A line that is not such an
 * object is reported with its line number and left out; the contract check of each event is
 * the monitor's, at replay.
 * @throws ENOENT (at once) when the file does not exist
 */
export async function trafficFile(file: string, fromMs: number, toMs: number): Promise<TrafficSource> {
  await stat(file);
  const problems: StatusIssue[] = [];
  async function* entries(): AsyncGenerator<TrafficEntry> {
    const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    let number = 0;
    for await (const line of lines) {
      number += 1;
      if (line.trim() === '') continue;
      const entry = parseTrafficLine(line);
      if ('problem' in entry) problems.push({ source: file, where: `line ${number}`, message: entry.problem });
      else if (entry.atMs >= fromMs && entry.atMs <= toMs) yield entry;
    }
  }
  return { source: 'file', detail: file, entries: entries(), problems };
}

async function* streamRange(redis: Redis, key: string, stream: MonitoredStream, fromMs: number, toMs: number, chunk: number): AsyncGenerator<TrafficEntry> {
  // An id without its sequence part means "-0" as a start and "-<max>" as an end.
  let start = String(Math.ceil(fromMs));
  const end = String(Math.floor(toMs));
  for (;;) {
    const page = (await redis.xrange(key, start, end, 'COUNT', chunk)) as [string, string[]][];
    for (const [id, fields] of page) yield { stream, id, atMs: Number(id.split('-')[0]), fields };
    if (page.length < chunk) return;
    start = `(${page.at(-1)![0]}`;
  }
}

/** Two time-ordered sequences as one, oldest first (ties: the first's entry first). */
export async function* mergeByTime(a: AsyncIterator<TrafficEntry>, b: AsyncIterator<TrafficEntry>): AsyncGenerator<TrafficEntry> {
  let x = await a.next();
  let y = await b.next();
  while (!x.done || !y.done) {
    if (y.done || (!x.done && x.value.atMs <= y.value.atMs)) {
      yield x.value as TrafficEntry;
      x = await a.next();
    } else {
      yield y.value;
      y = await b.next();
    }
  }
}

/** The run's gateway events and feedback between `fromMs` and `toMs` (XRANGE by the ids' time, `chunk` at a time), merged oldest first. */
export function redisTraffic(redis: Redis, run: string, fromMs: number, toMs: number, chunk = 1_000): TrafficSource {
  const ns = redisNamespace(run);
  const gateway = streamRange(redis, ns.gatewayEvents, 'gateway', fromMs, toMs, chunk);
  const feedback = streamRange(redis, ns.feedback, 'feedback', fromMs, toMs, chunk);
  return { source: 'redis', detail: `${ns.gatewayEvents}, ${ns.feedback}`, entries: mergeByTime(gateway, feedback), problems: [] };
}
