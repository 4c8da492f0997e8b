import type { DaemonName } from './daemons.js';
import type { EventName } from './events.js';

/**
 * Every Redis key and channel flywheel uses, in one place. All of a run's keys share the
 * hash tag `{flywheel:<run>}`, so on Redis Cluster they land in one slot (BullMQ needs that
 * for its queue prefix), and two runs never touch each other's keys.
 */
export function redisNamespace(run: string) {
  const prefix = `{flywheel:${run}}`;
  return {
    /** BullMQ `prefix` option for every queue and worker of the run. */
    queuePrefix: prefix,
    /** Last published copy of a status file (JSON string). */
    status: (file: string) => `${prefix}:status:${file}`,
    /** Pub/sub channel announcing a status write: message is `StatusUpdateMessage` (`{ file, id, last_update }`). */
    statusChannel: `${prefix}:status-updates`,
    /** A daemon's heartbeat (JSON string with a TTL). */
    heartbeat: (daemon: DaemonName) => `${prefix}:heartbeat:${daemon}`,
    /** Set of daemon queues that receive an event. */
    subscribers: (event: EventName) => `${prefix}:subscribers:${event}`,
    /** A finished evaluation (EvaluationResult JSON) by its evaluation key. */
    evalResult: (key: string) => `${prefix}:eval:result:${key}`,
    /** Hash of a checkpoint's evaluated examples: record cache key → EvalRecord JSON. */
    evalRecords: (checkpointId: string) => `${prefix}:eval:records:${checkpointId}`,
    /**
     * Who is inferring one (checkpoint, example, params) right now (record cache key → an
     * evaluator's token, SET NX with a TTL): several evaluators sharing a queue infer each once.
     */
    evalClaim: (recordKey: string) => `${prefix}:eval:claim:${recordKey}`,
    /**
     * Sorted set of the newest ANNOUNCED_KEYS_MAX event keys announced (e.g. a checkpoint name),
     * scored by announcement order, for exactly-once announcement (a plain set before; read as one).
     */
    announced: (event: EventName) => `${prefix}:announced:${event}`,
    /** Stream of gateway requests: each entry has one field `event` holding a `GatewayEvent` JSON. */
    gatewayEvents: `${prefix}:gateway:events`,
    /** A recent gateway request by id (`GatewayEvent` JSON with a TTL), for feedback to join. */
    gatewayRequest: (id: string) => `${prefix}:gateway:request:${id}`,
    /** The upstream that served a conversation's last turn (a plain string with a TTL), for the gateway's `continuity` criterion. */
    gatewayConversation: (conversationId: string) => `${prefix}:gateway:conversation:${conversationId}`,
    /** Sorted set of the conversation ids remembered, scored by last use (ms): caps how many are kept. */
    gatewayConversations: `${prefix}:gateway:conversations`,
    /**
     * A canary's requests of both arms, copied from the gateway stream as they are read (so a
     * trial outlasting the stream's cap keeps them): hash gateway request id → compact JSON, and
     * the stream id read up to. Keyed by the canary's start (ms), bounded, with a TTL.
     */
    canaryRequests: (startedMs: number) => `${prefix}:canary:${startedMs}:requests`,
    canaryCursor: (startedMs: number) => `${prefix}:canary:${startedMs}:cursor`,
    /** Stream of ratings: each entry has one field `record` holding a `FeedbackRecord` JSON. */
    feedback: `${prefix}:feedback`,
    /** Stream of raised alerts: each entry has one field `alert` holding an `Alert` JSON. */
    alerts: `${prefix}:alerts`,
    /** Stream of the alert analyst's live output: field `event` holding an `AnalysisStreamEvent` JSON; entry ids are the SSE event ids. */
    analysisEvents: `${prefix}:alerts:analysis-events`,
    /** The dashboard's auto fine-tune switch (`FineTuneControl` JSON). */
    fineTuneControl: `${prefix}:fine-tune:control`,
    /** Stream of manual fine-tune requests: field `request` holding a `ManualFineTuneRequest` JSON. */
    fineTuneRequests: `${prefix}:fine-tune:requests`,
    /** Hash of what the curriculum optimizer remembers per checkpoint: name → `CurriculumCheckpoint` JSON. */
    curriculumCheckpoints: `${prefix}:curriculum:checkpoints`,
  };
}
export type RedisNamespace = ReturnType<typeof redisNamespace>;

/**
 * Announced keys remembered per event: a key announced longer ago than this many others can be
 * announced again (a checkpoint still on disk then, when its daemon restarts). At a checkpoint
 * a minute that is a week of a run; a few dozen bytes a key.
 */
export const ANNOUNCED_KEYS_MAX = 10_000;
