import { DAEMON_NAMES, Heartbeat, redisNamespace, type DaemonName } from '@flywheel/contracts';
import type { Redis } from 'ioredis';
import { describeIssues, toFieldIssues } from './status-validation-error.js';
import { withTimeout } from './with-timeout.js';

/** A daemon's heartbeat as found in Redis. */
export type HeartbeatEntry =
  | { state: 'alive'; heartbeat: Heartbeat }
  /** No key: never started, stopped cleanly, or died (the key's TTL ran out). */
  | { state: 'absent' }
  /** A key that does not parse or does not match the schema, with the key and field path. */
  | { state: 'invalid'; error: string };

/**
 * Every daemon's heartbeat for the run, in one MGET. A bad entry is reported as `invalid`
 * rather than thrown, so one broken daemon does not hide the others.
 * @throws when Redis fails or does not answer within `timeoutMs` (default 2000 ms)
 */
export async function readHeartbeats(
  redis: Redis,
  run: string,
  { timeoutMs = 2_000 }: { timeoutMs?: number } = {},
): Promise<Record<DaemonName, HeartbeatEntry>> {
  const ns = redisNamespace(run);
  const keys = DAEMON_NAMES.map((daemon) => ns.heartbeat(daemon));
  const values = await withTimeout(redis.mget(...keys), timeoutMs, 'read heartbeats');
  const entries = DAEMON_NAMES.map((daemon, i) => [daemon, toEntry(daemon, keys[i]!, values[i] ?? null)] as const);
  return Object.fromEntries(entries) as Record<DaemonName, HeartbeatEntry>;
}

function toEntry(daemon: DaemonName, key: string, text: string | null): HeartbeatEntry {
  if (text === null) return { state: 'absent' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { state: 'invalid', error: `heartbeat ${key}: not valid JSON: ${(error as Error).message}` };
  }
  const result = Heartbeat.safeParse(json);
  if (!result.success) return { state: 'invalid', error: `heartbeat ${key}: ${describeIssues(toFieldIssues(result.error.issues))}` };
  if (result.data.daemon !== daemon) {
    return { state: 'invalid', error: `heartbeat ${key}: daemon: names "${result.data.daemon}", expected "${daemon}"` };
  }
  return { state: 'alive', heartbeat: result.data };
}
