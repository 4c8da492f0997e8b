import type { AlertDisposition, AlertSilence, RecordedAlert } from '@flywheel/contracts';
import type { Redis } from 'ioredis';
import { activeSilences, alertMarks, readSilences, recentAlerts } from './alert-store.js';
import { silenceFor } from './routing.js';

/** An alert as `GET /api/alerts` lists it. */
export type ListedAlert = RecordedAlert & {
  acknowledged: boolean;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  /** Its kind was silenced when the analyst read it (or is silenced now and the analyst has not read it yet). */
  silenced: boolean;
  /** batched, analysed, silenced, not_analysed; null until the analyst has read it. */
  state: AlertDisposition['state'] | null;
  /** When the analyst gave it that state. */
  state_at: string | null;
  analysis_id: string | null;
};

/**
 * The newest alerts, newest first, each with its acknowledged and silenced flags, and the
 * silences in force. Unreadable stream entries are returned as problems, not dropped silently.
 */
export async function listAlerts(redis: Redis, run: string, options: { limit: number; now: Date }): Promise<{ alerts: ListedAlert[]; silences: AlertSilence[]; problems: string[] }> {
  const [entries, stored] = await Promise.all([recentAlerts(redis, run, options.limit), readSilences(redis, run)]);
  const problems = [...stored.problems];
  const silences = activeSilences(stored.silences, options.now);
  const readable = entries.flatMap((entry) => ('alert' in entry ? [entry.alert] : (problems.push(entry.problem), [])));
  const marks = await alertMarks(redis, run, readable.map((a) => a.id));
  const alerts = readable.map((alert): ListedAlert => {
    const { ack, disposition } = marks.get(alert.id) ?? { ack: null, disposition: null };
    return {
      ...alert,
      acknowledged: ack !== null,
      acknowledged_by: ack?.by ?? null,
      acknowledged_at: ack?.at ?? null,
      silenced: disposition ? disposition.state === 'silenced' : silenceFor(alert, silences, options.now) !== null,
      state: disposition?.state ?? null,
      state_at: disposition?.at ?? null,
      analysis_id: disposition?.analysis_id ?? null,
    };
  });
  return { alerts, silences, problems };
}
