import {
  parseJsonAs,
  AlertAnalystStatus,
  alertAnalystKeys,
  OpenBatch,
  PendingAnalysis,
  redisNamespace,
  type AlertDisposition,
  type AlertSeverity,
  type RecordedAlert,
  type StatusBody,
} from '@flywheel/contracts';
import type { StatusStore } from '@flywheel/status-store';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { listAlerts } from './alert-list.js';
import { activeSilences, alertOfEntry, pruneSilences, readSilences, type StreamEntry } from './alert-store.js';
import type { AnalysisSettings } from './analysis-settings.js';
import { parseEach } from './parse-json.js';
import { pruneAlertMarks } from './prune-alert-marks.js';
import { analysisIdOf, batchDueAt, fillBatches, routeAlert } from './routing.js';
import { runAnalysis, type AnalysisDeps } from './run-analysis.js';
import { raiseFromStatuses } from './raise-alerts.js';
import type { Severities } from './transitions.js';

/** Alerts read per XREAD. */
const READ_BATCH = 500;

export interface PassDeps extends AnalysisDeps {
  severities: Severities;
  analyseSeverities: readonly AlertSeverity[];
}

export interface PassOutcome {
  raised: number;
  read: number;
  analyses: { analysis_id: string; status: 'complete' | 'unavailable' }[];
  /** When the next pass is due (an open batch's window ends, a retry falls due); null: only on events. */
  nextWakeAt: number | null;
  errors: { source: string; message: string }[];
}

/**
 * Reads the alerts stream past the cursor: silenced kinds and severities not analysed are
 * marked and left; the rest fill batches. Batches whose window has passed (all open ones with
 * `flush`) become pending analyses. Cursor, batch, pending and marks move in one MULTI.
 */
async function consumeAlerts(deps: PassDeps, now: Date, flush: boolean, errors: PassOutcome['errors']): Promise<number> {
  const { redis, run, settings, logger } = deps;
  const keys = alertAnalystKeys(run);
  const { silences } = await readSilences(redis, run);
  const cursor = (await redis.get(keys.cursor)) ?? '0-0';
  const batchText = await redis.get(keys.batch);
  let open: OpenBatch | null = null;
  if (batchText !== null) {
    try {
      open = parseJsonAs(OpenBatch, batchText, keys.batch);
    } catch (error) {
      errors.push({ source: keys.batch, message: `${(error as Error).message}; kept as is, a new batch started` });
      await redis.rename(keys.batch, `${keys.batch}:unreadable:${now.getTime()}`);
    }
  }
  const reply = (await redis.xread('COUNT', READ_BATCH, 'STREAMS', redisNamespace(run).alerts, cursor)) as [string, StreamEntry[]][] | null;
  const entries = reply?.[0]?.[1] ?? [];
  const marks = new Map<string, AlertDisposition>();
  const analysable: RecordedAlert[] = [];
  let malformed = 0;
  for (const entry of entries) {
    const parsed = alertOfEntry(entry);
    if (!('alert' in parsed)) {
      malformed += 1;
      logger.warn({ id: parsed.id }, `unreadable alert skipped: ${parsed.problem}`);
      errors.push({ source: 'alerts stream', message: parsed.problem });
      continue;
    }
    const route = routeAlert(parsed.alert, { silences, analyseSeverities: deps.analyseSeverities, now });
    if (route === 'analyse') analysable.push(parsed.alert);
    else marks.set(parsed.alert.id, { state: route, analysis_id: null, at: now.toISOString() });
  }
  const filled = fillBatches(open, analysable, settings.batchWindowMs, now);
  const closed = [...filled.closed, ...(flush && filled.open ? [filled.open] : [])];
  const stillOpen = flush ? null : filled.open;
  if (entries.length === 0 && closed.length === 0) return 0;
  const multi = redis.multi();
  for (const batch of closed) {
    const analysisId = analysisIdOf(batch);
    const pending: PendingAnalysis = { analysis_id: analysisId, alerts: batch.alerts, attempts: 0, next_attempt_at: now.toISOString(), last_error: null };
    multi.hset(keys.pending, analysisId, JSON.stringify(pending));
    for (const alert of batch.alerts) marks.set(alert.id, { state: 'analysed', analysis_id: analysisId, at: now.toISOString() });
  }
  for (const alert of stillOpen?.alerts ?? []) if (!marks.has(alert.id)) marks.set(alert.id, { state: 'batched', analysis_id: null, at: now.toISOString() });
  if (stillOpen) multi.set(keys.batch, JSON.stringify(stillOpen));
  else multi.del(keys.batch);
  if (entries.length) multi.set(keys.cursor, entries.at(-1)![0]);
  for (const [id, mark] of marks) multi.hset(keys.dispositions, id, JSON.stringify(mark));
  multi.hincrby(keys.counts, 'read', entries.length - malformed);
  if (malformed) multi.hincrby(keys.counts, 'malformed', malformed);
  await multi.exec();
  return entries.length;
}

async function readPending(deps: PassDeps, errors: PassOutcome['errors']): Promise<PendingAnalysis[]> {
  const key = alertAnalystKeys(deps.run).pending;
  const { values, problems } = parseEach(PendingAnalysis, Object.entries(await deps.redis.hgetall(key)), key);
  for (const message of problems) errors.push({ source: key, message });
  return values.sort((a, b) => a.next_attempt_at.localeCompare(b.next_attempt_at) || a.analysis_id.localeCompare(b.analysis_id));
}

async function writeStatus(deps: PassDeps, now: Date, errors: PassOutcome['errors'], last: PassOutcome['analyses']): Promise<void> {
  const { redis, run, settings } = deps;
  const keys = alertAnalystKeys(run);
  const [listed, pending, silences, counts, batchText] = await Promise.all([
    listAlerts(redis, run, { limit: 20, now }),
    readPending(deps, errors),
    readSilences(redis, run),
    redis.hgetall(keys.counts),
    redis.get(keys.batch),
  ]);
  const batch = batchText ? OpenBatch.safeParse(JSON.parse(batchText)) : null;
  const count = (name: string) => Number(counts[name] ?? 0);
  const previous = await deps.statusStore.read('alert_analyst');
  const lastAnalysis = last.at(-1)
    ? { analysis_id: last.at(-1)!.analysis_id, status: last.at(-1)!.status, at: now.toISOString() }
    : previous.state === 'present' ? previous.data.last_analysis : null;
  const body: StatusBody<'alert_analyst'> = {
    recent_alerts: listed.alerts.map(({ acknowledged: _a, acknowledged_by: _b, acknowledged_at: _c, silenced: _s, state, state_at, analysis_id, ...alert }) => ({
      ...alert,
      disposition: state ? { state, analysis_id, at: state_at ?? now.toISOString() } : null,
    })),
    open_batch: batch?.success ? { alerts: batch.data.alerts.map((a) => a.id), due_at: new Date(batchDueAt(batch.data, settings.batchWindowMs)).toISOString() } : null,
    pending_analyses: pending.map(({ alerts, ...rest }) => ({ ...rest, alerts: alerts.map((a) => a.id) })),
    silences: activeSilences(silences.silences, now),
    counts: {
      raised: count('raised'), read: count('read'), malformed: count('malformed'),
      analyses_complete: count('analyses_complete'), analyses_unavailable: count('analyses_unavailable'),
    },
    last_analysis: lastAnalysis,
    errors: [...errors, ...listed.problems.map((message) => ({ source: 'alerts stream', message }))].slice(-20),
  };
  AlertAnalystStatus.omit({ last_update: true, schema_version: true }).parse(body);
  await deps.statusStore.write('alert_analyst', body);
}

/**
 * One pass of the alert analyst: raise the alerts of status transitions, read the alerts
 * stream into batches, run the analyses that are due (new batches and retries), write
 * `status/alert_analyst.json`. `flush` (a manual run) analyses the open batch without waiting
 * for its window.
 */
export async function analystPass(deps: PassDeps, options: { flush?: boolean } = {}): Promise<PassOutcome> {
  const now = (deps.now ?? (() => new Date()))();
  const errors: PassOutcome['errors'] = [];
  await pruneSilences(deps.redis, deps.run, now);
  // Marks of alerts trimmed from the stream are never shown again: dropping them bounds both hashes by alerts.streamMaxLength.
  await pruneAlertMarks(deps.redis, deps.run);
  const raised = await raiseFromStatuses(deps, now, errors);
  let read = 0;
  for (;;) {
    const chunk = await consumeAlerts(deps, now, options.flush ?? false, errors);
    read += chunk;
    if (chunk < READ_BATCH) break;
  }
  const analyses: PassOutcome['analyses'] = [];
  for (const pending of await readPending(deps, errors)) {
    if (Date.parse(pending.next_attempt_at) > now.getTime()) continue;
    const record = await runAnalysis(pending, deps);
    analyses.push({ analysis_id: record.analysis_id, status: record.status });
  }
  const after = (deps.now ?? (() => new Date()))();
  await writeStatus(deps, after, errors, analyses);
  const keys = alertAnalystKeys(deps.run);
  const batchText = await deps.redis.get(keys.batch);
  const batch = batchText ? OpenBatch.safeParse(JSON.parse(batchText)) : null;
  const dues = [
    ...(batch?.success ? [batchDueAt(batch.data, deps.settings.batchWindowMs)] : []),
    ...(await readPending(deps, [])).map((p) => Date.parse(p.next_attempt_at)),
  ];
  return { raised, read, analyses, nextWakeAt: dues.length ? Math.min(...dues) : null, errors };
}
