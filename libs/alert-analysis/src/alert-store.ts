import {
  parseJsonAs,
  Alert,
  AlertAck,
  AlertDisposition,
  AlertSilence,
  alertAnalystKeys,
  redisNamespace,
  type AlertKind,
} from '@flywheel/contracts';
import type { Redis } from 'ioredis';
import { parseEach } from './parse-json.js';
import { pruneAlertMarks } from './prune-alert-marks.js';

export type StreamEntry = [id: string, fields: string[]];

/** An entry of the alerts stream: the alert with its id, or why it is unreadable. */
export type AlertEntry = { id: string; alert: Alert & { id: string } } | { id: string; problem: string };

/** Reads the `alert` field of a stream entry. */
export function alertOfEntry([id, fields]: StreamEntry): AlertEntry {
  const index = fields.findIndex((value, i) => i % 2 === 0 && value === 'alert');
  if (index < 0) return { id, problem: `alerts stream entry ${id}: no "alert" field` };
  try {
    return { id, alert: { ...parseJsonAs(Alert, fields[index + 1]!, `alerts stream entry ${id}`), id } };
  } catch (error) {
    return { id, problem: (error as Error).message };
  }
}

/** Adds an alert to the `alerts` stream (any raiser may); returns its id. */
export async function addAlert(redis: Redis, run: string, alert: Alert, maxLength: number): Promise<string> {
  const id = await redis.xadd(redisNamespace(run).alerts, 'MAXLEN', '~', String(maxLength), '*', 'alert', JSON.stringify(Alert.parse(alert)));
  return id!;
}

/** The newest alerts, newest first, at most `count`. */
export async function recentAlerts(redis: Redis, run: string, count: number): Promise<AlertEntry[]> {
  const entries = (await redis.xrevrange(redisNamespace(run).alerts, '+', '-', 'COUNT', count)) as StreamEntry[];
  return entries.map(alertOfEntry);
}

/** The alert with stream id `id`, or null. */
export async function alertById(redis: Redis, run: string, id: string): Promise<AlertEntry | null> {
  const entries = (await redis.xrange(redisNamespace(run).alerts, id, id)) as StreamEntry[];
  return entries[0] ? alertOfEntry(entries[0]) : null;
}

/** Every silence stored, expired ones included (the daemon prunes those). */
export async function readSilences(redis: Redis, run: string): Promise<{ silences: AlertSilence[]; problems: string[] }> {
  const key = alertAnalystKeys(run).silences;
  const { values, problems } = parseEach(AlertSilence, Object.entries(await redis.hgetall(key)), key);
  return { silences: values, problems };
}

/** The silences still in force at `now`. */
export const activeSilences = (silences: readonly AlertSilence[], now: Date): AlertSilence[] =>
  silences.filter((s) => Date.parse(s.until) > now.getTime());

export async function silenceKind(redis: Redis, run: string, silence: AlertSilence): Promise<void> {
  await redis.hset(alertAnalystKeys(run).silences, silence.kind, JSON.stringify(AlertSilence.parse(silence)));
}

/** Ends a kind's silence; false when it had none. */
export async function unsilenceKind(redis: Redis, run: string, kind: AlertKind): Promise<boolean> {
  return (await redis.hdel(alertAnalystKeys(run).silences, kind)) === 1;
}

/** Removes silences that have ended. */
export async function pruneSilences(redis: Redis, run: string, now: Date): Promise<void> {
  const { silences } = await readSilences(redis, run);
  const ended = silences.filter((s) => Date.parse(s.until) <= now.getTime()).map((s) => s.kind);
  if (ended.length) await redis.hdel(alertAnalystKeys(run).silences, ...ended);
}

/** Records an ack, and drops those of alerts trimmed from the stream, so acks stay as bounded as the stream even without the analyst running. */
export async function acknowledge(redis: Redis, run: string, ack: AlertAck): Promise<void> {
  await redis.hset(alertAnalystKeys(run).acks, ack.id, JSON.stringify(AlertAck.parse(ack)));
  await pruneAlertMarks(redis, run);
}

/** Acks and dispositions of the given alerts (absent: null). */
export async function alertMarks(redis: Redis, run: string, ids: readonly string[]): Promise<Map<string, { ack: AlertAck | null; disposition: AlertDisposition | null }>> {
  const keys = alertAnalystKeys(run);
  const marks = new Map<string, { ack: AlertAck | null; disposition: AlertDisposition | null }>();
  if (ids.length === 0) return marks;
  const [acks, dispositions] = await Promise.all([redis.hmget(keys.acks, ...ids), redis.hmget(keys.dispositions, ...ids)]);
  ids.forEach((id, i) => {
    const ack = acks[i] ? AlertAck.safeParse(safeJson(acks[i]!)) : null;
    const disposition = dispositions[i] ? AlertDisposition.safeParse(safeJson(dispositions[i]!)) : null;
    marks.set(id, { ack: ack?.success ? ack.data : null, disposition: disposition?.success ? disposition.data : null });
  });
  return marks;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
