import { z } from 'zod';
import { redisNamespace } from '../redis-keys.js';
import { StatusStamp } from '../status/stamp.js';
import { FeedbackRating } from './feedback.js';

/**
 * What can raise an alert: a status file changing into a bad state (see docs/alert-analyst.md).
 * `regression`: regression_monitoring.json `regression_detected` turned true for a checkpoint;
 * `health_warning` / `health_critical`: llm_health.json `level` became WARNING / CRITICAL;
 * `deployment_failed` / `deployment_rolled_back`: last_deployment.json recorded a failed deployment
 * with nothing to roll back to / rolled back; `drift`: llm_health.json `drift.detected` turned true.
 */
export const ALERT_KINDS = ['regression', 'health_warning', 'health_critical', 'deployment_failed', 'deployment_rolled_back', 'drift'] as const;
export const AlertKind = z.enum(ALERT_KINDS);
export type AlertKind = z.infer<typeof AlertKind>;

/** P0 wakes someone; P1 wants attention today; P2 is for the record. */
export const AlertSeverity = z.enum(['P0', 'P1', 'P2']);
export type AlertSeverity = z.infer<typeof AlertSeverity>;

/**
 * One alert, as added to the run's `alerts` stream (field `alert`). Its id is the stream entry
 * id, so any process can raise one with a plain XADD.
 */
export const Alert = z.object({
  kind: AlertKind,
  severity: AlertSeverity,
  at: z.iso.datetime(),
  /** The status file (or other raiser) it comes from, e.g. "llm_health.json". */
  source: z.string().min(1),
  /** What it is about: the checkpoint, the health level; null when nothing narrower applies. */
  subject: z.string().nullable(),
  /** One line for people. */
  summary: z.string().min(1),
  /** The numbers behind the call (status fields that changed). */
  details: z.record(z.string(), z.unknown()),
});
export type Alert = z.infer<typeof Alert>;

/** An alert with its id (the `alerts` stream entry id, "<ms>-<seq>"). */
export const RecordedAlert = Alert.extend({ id: z.string().regex(/^\d+-\d+$/, 'expected a stream id "<ms>-<seq>"') });
export type RecordedAlert = z.infer<typeof RecordedAlert>;

/** What the analyst did with an alert it read from the stream. */
export const AlertDisposition = z.object({
  /** batched: waits in the open batch; analysed: in `analysis_id`; silenced: its kind was silenced; not_analysed: its severity is not analysed. */
  state: z.enum(['batched', 'analysed', 'silenced', 'not_analysed']),
  analysis_id: z.string().nullable(),
  at: z.iso.datetime(),
});
export type AlertDisposition = z.infer<typeof AlertDisposition>;

/** A kind silenced until `until`: still recorded, not analysed. */
export const AlertSilence = z.object({
  kind: AlertKind,
  from: z.iso.datetime(),
  until: z.iso.datetime(),
  by: z.string().min(1),
  reason: z.string().nullable(),
});
export type AlertSilence = z.infer<typeof AlertSilence>;

export const AlertAck = z.object({
  id: z.string(),
  by: z.string().min(1),
  at: z.iso.datetime(),
});
export type AlertAck = z.infer<typeof AlertAck>;

/** `POST /api/alerts/silence` body. */
export const SilenceRequest = z.object({
  kind: AlertKind,
  minutes: z.number().positive().max(60 * 24 * 30),
  by: z.string().min(1).max(200).optional(),
  reason: z.string().max(2000).optional(),
});
export type SilenceRequest = z.infer<typeof SilenceRequest>;

/** `POST /api/alerts/:id/ack` body. */
export const AckRequest = z.object({ by: z.string().min(1).max(200).optional() });

/**
 * One entry of the `analysisEvents` stream (field `event`), the alert analyst's live output.
 * The dashboard reads it over SSE (`GET /api/alerts/analysis/stream`), the entry id as event id.
 */
export const AnalysisStreamEvent = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('analysis.start'),
    analysis_id: z.string(),
    /** Ids of the alerts analysed. */
    alerts: z.array(z.string()),
    model: z.string(),
    at: z.iso.datetime(),
    /** 1 for the first try; more when a retry after the backend was down. */
    attempt: z.number().int().positive(),
  }),
  z.object({
    kind: z.literal('token'),
    analysis_id: z.string(),
    text: z.string(),
    /** 0-based, in order. */
    index: z.number().int().nonnegative(),
  }),
  z.object({
    kind: z.literal('analysis.end'),
    analysis_id: z.string(),
    status: z.enum(['complete', 'unavailable']),
    error: z.string().optional(),
    /** With `unavailable`: when the next try is due. */
    retry_at: z.iso.datetime().optional(),
  }),
]);
export type AnalysisStreamEvent = z.infer<typeof AnalysisStreamEvent>;

export const ChatTurn = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });

/** One line of `status/alert_analyses.jsonl`: a finished try (a retried analysis has a line per try; the last one counts). */
export const AlertAnalysisRecord = z.object({
  analysis_id: z.string().min(1),
  status: z.enum(['complete', 'unavailable']),
  alerts: z.array(RecordedAlert),
  model: z.string(),
  base_url: z.string(),
  /** The whole conversation sent; `prompt` is its user turn. */
  messages: z.array(ChatTurn),
  prompt: z.string(),
  /** The text generated (what was streamed so far, when the backend failed mid-way). */
  answer: z.string(),
  error: z.string().nullable(),
  attempt: z.number().int().positive(),
  timings: z.object({
    /** The first alert of the batch. */
    first_alert_at: z.iso.datetime(),
    started_at: z.iso.datetime(),
    first_token_ms: z.number().nonnegative().nullable(),
    total_ms: z.number().nonnegative(),
  }),
  tokens: z.number().int().nonnegative(),
});
export type AlertAnalysisRecord = z.infer<typeof AlertAnalysisRecord>;

/** An analysis waiting for the backend (Redis hash `alertAnalystKeys(run).pending`, by analysis id). */
export const PendingAnalysis = z.object({
  analysis_id: z.string(),
  alerts: z.array(RecordedAlert),
  attempts: z.number().int().nonnegative(),
  next_attempt_at: z.iso.datetime(),
  last_error: z.string().nullable(),
});
export type PendingAnalysis = z.infer<typeof PendingAnalysis>;

/** The batch filling up (Redis key `alertAnalystKeys(run).batch`). */
export const OpenBatch = z.object({
  alerts: z.array(RecordedAlert).min(1),
});
export type OpenBatch = z.infer<typeof OpenBatch>;

/** `POST /api/monitor/training/rate` body for an alert analysis. */
export const AnalysisRating = FeedbackRating.omit({ request_id: true }).extend({
  source: z.literal('analysis'),
  analysis_id: z.string().min(1),
});
export type AnalysisRating = z.infer<typeof AnalysisRating>;

/** The request id an analysis rating is stored under: re-rating replaces it. */
export const analysisRequestId = (analysisId: string): string => `analysis:${analysisId}`;

/** `status/alert_analyst.json`. */
export const AlertAnalystStatus = z.looseObject({
  ...StatusStamp,
  recent_alerts: z.array(RecordedAlert.extend({ disposition: AlertDisposition.nullable() })),
  open_batch: z.object({ alerts: z.array(z.string()), due_at: z.iso.datetime() }).nullable(),
  pending_analyses: z.array(PendingAnalysis.omit({ alerts: true }).extend({ alerts: z.array(z.string()) })),
  silences: z.array(AlertSilence),
  counts: z.object({
    raised: z.number().int().nonnegative(),
    read: z.number().int().nonnegative(),
    malformed: z.number().int().nonnegative(),
    analyses_complete: z.number().int().nonnegative(),
    analyses_unavailable: z.number().int().nonnegative(),
  }),
  last_analysis: z.object({ analysis_id: z.string(), status: z.enum(['complete', 'unavailable']), at: z.iso.datetime() }).nullable(),
  errors: z.array(z.object({ source: z.string(), message: z.string() })),
});
export type AlertAnalystStatus = z.infer<typeof AlertAnalystStatus>;

/** The alert analyst's own Redis keys (under the run's namespace). */
export function alertAnalystKeys(run: string) {
  const { queuePrefix } = redisNamespace(run);
  const base = `${queuePrefix}:alert-analyst`;
  return {
    /** Hash: status id → JSON of the fields transitions are judged on, as last seen (a restart does not re-raise). */
    previous: `${base}:previous`,
    /** Last `alerts` stream id read. */
    cursor: `${base}:cursor`,
    /** JSON `OpenBatch`. */
    batch: `${base}:batch`,
    /** Hash: analysis id → JSON `PendingAnalysis`. */
    pending: `${base}:pending`,
    /** Hash: alert id → JSON `AlertDisposition`. */
    dispositions: `${base}:dispositions`,
    /** Hash: kind → JSON `AlertSilence`. */
    silences: `${base}:silences`,
    /** Hash: alert id → JSON `AlertAck`. */
    acks: `${base}:acks`,
    /** Hash of counters (`raised`, `read`, `malformed`, `analyses_complete`, `analyses_unavailable`). */
    counts: `${base}:counts`,
  };
}
