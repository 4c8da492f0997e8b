import { Alert, alertAnalystKeys, redisNamespace } from '@flywheel/contracts';
import type { StatusStore } from '@flywheel/status-store';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { alertsOnTransition, triggerStateOf, WATCHED_STATUSES, type Severities, type TriggerState } from './transitions.js';

export interface RaiseDeps {
  redis: Redis;
  run: string;
  statusStore: StatusStore;
  severities: Severities;
  settings: { streamMaxLength: number };
  logger: Logger;
}

// The waker (on a status write) and the pass both raise; one at a time in this process, so the
// same transition is never judged twice against the same previous state.
let chain: Promise<unknown> = Promise.resolve();

/**
 * Raises the alerts of status transitions: reads the watched status files, compares each with
 * the state last seen (Redis), and writes the alerts and the new state in one MULTI, so a crash
 * neither loses nor repeats them. Resolves to the number raised; problems go to `errors`.
 */
export function raiseFromStatuses(deps: RaiseDeps, now: Date, errors: { source: string; message: string }[]): Promise<number> {
  const run = chain.then(() => raiseOnce(deps, now, errors));
  chain = run.catch(() => undefined);
  return run;
}

async function raiseOnce(deps: RaiseDeps, now: Date, errors: { source: string; message: string }[]): Promise<number> {
  const { redis, run, statusStore, settings } = deps;
  const keys = alertAnalystKeys(run);
  let raised = 0;
  for (const id of WATCHED_STATUSES) {
    const read = await statusStore.read(id);
    if (read.state === 'error') errors.push({ source: statusStore.fileOf(id), message: read.error });
    if (read.state !== 'present') continue;
    const stored = await redis.hget(keys.previous, id);
    let previous: TriggerState | null = null;
    try {
      previous = stored === null ? null : (JSON.parse(stored) as TriggerState);
    } catch {
      errors.push({ source: `${keys.previous} ${id}`, message: 'not JSON: treated as never seen' });
    }
    const alerts = alertsOnTransition(id, previous, read.data as never, deps.severities, now);
    const next = JSON.stringify(triggerStateOf(id, read.data as never));
    if (alerts.length === 0 && next === stored) continue;
    const multi = redis.multi();
    for (const alert of alerts) multi.xadd(redisNamespace(run).alerts, 'MAXLEN', '~', String(settings.streamMaxLength), '*', 'alert', JSON.stringify(Alert.parse(alert)));
    multi.hset(keys.previous, id, next);
    if (alerts.length) multi.hincrby(keys.counts, 'raised', alerts.length);
    await multi.exec();
    for (const alert of alerts) deps.logger.warn({ kind: alert.kind, severity: alert.severity, subject: alert.subject }, `alert: ${alert.summary}`);
    raised += alerts.length;
  }
  return raised;
}
