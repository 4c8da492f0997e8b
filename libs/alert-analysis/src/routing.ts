import type { AlertSeverity, AlertSilence, OpenBatch, RecordedAlert } from '@flywheel/contracts';

/** The silence in force for the alert's kind at `now`, if any. */
export function silenceFor(alert: Pick<RecordedAlert, 'kind'>, silences: readonly AlertSilence[], now: Date): AlertSilence | null {
  return silences.find((s) => s.kind === alert.kind && Date.parse(s.from) <= now.getTime() && now.getTime() < Date.parse(s.until)) ?? null;
}

export type Route = 'silenced' | 'not_analysed' | 'analyse';

/** What becomes of an alert: silenced kinds and severities not configured are recorded only. */
export function routeAlert(alert: RecordedAlert, options: { silences: readonly AlertSilence[]; analyseSeverities: readonly AlertSeverity[]; now: Date }): Route {
  if (silenceFor(alert, options.silences, options.now)) return 'silenced';
  if (!options.analyseSeverities.includes(alert.severity)) return 'not_analysed';
  return 'analyse';
}

/** When a batch is analysed: its first alert's time plus the window. */
export function batchDueAt(batch: OpenBatch, windowMs: number): number {
  return Date.parse(batch.alerts[0]!.at) + windowMs;
}

/**
 * Adds analysable alerts (oldest first) to the open batch. An alert raised a window or more
 * after the batch's first closes that batch and opens the next; a batch whose window has
 * passed by `now` is closed too. Closed batches are returned in order.
 */
export function fillBatches(open: OpenBatch | null, incoming: readonly RecordedAlert[], windowMs: number, now: Date): { closed: OpenBatch[]; open: OpenBatch | null } {
  const closed: OpenBatch[] = [];
  let current = open ? { alerts: [...open.alerts] } : null;
  for (const alert of incoming) {
    if (current && Date.parse(alert.at) >= batchDueAt(current, windowMs)) {
      closed.push(current);
      current = null;
    }
    if (current) current.alerts.push(alert);
    else current = { alerts: [alert] };
  }
  if (current && batchDueAt(current, windowMs) <= now.getTime()) {
    closed.push(current);
    current = null;
  }
  return { closed, open: current };
}

/** Milliseconds before retry number `attempts` (1 = the first retry): base doubled per try, capped. */
export function retryDelayMs(attempts: number, baseSeconds: number, maxSeconds: number): number {
  return Math.min(maxSeconds, baseSeconds * 2 ** Math.max(0, attempts - 1)) * 1000;
}

/** The analysis id of a batch: derived from its first alert, so closing the same batch twice (a crash in between) names one analysis. */
export const analysisIdOf = (batch: OpenBatch): string => `an-${batch.alerts[0]!.id}`;
