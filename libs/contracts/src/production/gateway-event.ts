import { z } from 'zod';

/**
 * The OpenAI-compatible request kinds the gateway proxies, one per route: `chat`
 * (/v1/chat/completions), `completion` (/v1/completions), `image` (/v1/images/generations),
 * `audio` (/v1/audio/speech), `video` (/v1/videos). Events written before the last three
 * existed carry only the first two, which stay valid.
 */
export const GatewayRequestKind = z.enum(['chat', 'completion', 'image', 'audio', 'video']);
export type GatewayRequestKind = z.infer<typeof GatewayRequestKind>;

/**
 * Seed 003's conversation types, as an upstream declares what it serves
 * (`gateway.upstreams[].types`): text-to-text, text-to-image, text-to-audio, text-to-video.
 */
export const ConversationType = z.enum(['text', 'image', 'audio', 'video']);
export type ConversationType = z.infer<typeof ConversationType>;

/** The conversation type of each request kind: chat and completions are both text-to-text. */
export const CONVERSATION_TYPE_OF: Readonly<Record<GatewayRequestKind, ConversationType>> = {
  chat: 'text',
  completion: 'text',
  image: 'image',
  audio: 'audio',
  video: 'video',
};

/**
 * What a request asks the gateway to optimise when it chooses the first model (seed 003's
 * optimisation criteria): `x-flywheel-criterion` header or `metadata.criterion`, else
 * `gateway.criterion`. `continuity` keeps a conversation on the model that served it so far.
 */
export const GatewayCriterion = z.enum(['cost', 'accuracy', 'creativity', 'speed', 'continuity']);
export type GatewayCriterion = z.infer<typeof GatewayCriterion>;

/**
 * What `continuity` did for a request with a conversation id: `new` (no earlier turn
 * remembered), `held` (answered by the model of the earlier turns), `moved` (that model failed
 * or is blacklisted; another answered and the conversation now belongs to it).
 */
export const GatewayContinuity = z.enum(['new', 'held', 'moved']);
export type GatewayContinuity = z.infer<typeof GatewayContinuity>;

/** One upstream try of a request (the first model, then each fallback). */
export const GatewayAttempt = z.object({
  model: z.string(),
  outcome: z.enum(['success', 'error']),
  /** HTTP status from the upstream; null when it could not be reached. */
  status: z.number().int().nullable(),
  error: z.string().nullable(),
  latency_ms: z.number().nonnegative(),
});
export type GatewayAttempt = z.infer<typeof GatewayAttempt>;

/**
 * Every request through the gateway, as the production monitor and feedback see it
 * (Redis stream `redisNamespace(run).gatewayEvents`, field `event`).
 */
export const GatewayEvent = z.object({
  /** The gateway's own id of the request (a UUID), sent back in the `x-request-id` header; storage is keyed by it. */
  id: z.string().min(1),
  /**
   * The caller's own `x-request-id`, when it sent a well-formed one: a reference only, since
   * callers may repeat it. Absent in events from before it existed.
   */
  caller_request_id: z.string().nullable().optional(),
  at: z.iso.datetime(),
  kind: GatewayRequestKind,
  stream: z.boolean(),
  /** The model that answered, or the last one tried when all failed. */
  model: z.string(),
  outcome: z.enum(['success', 'error']),
  status: z.number().int().nullable(),
  error: z.string().nullable(),
  /**
   * Whose failure an error is: `model` (no upstream answered, or answered 5xx/429), `caller`
   * (the upstream refused the request as sent with a 4xx, or the client hung up). Null on
   * success; absent in events from before it existed (counted as the model's). The monitor's
   * error rate counts only the model's, so a careless client cannot page anyone.
   */
  fault: z.enum(['model', 'caller']).nullable().optional(),
  /** Client-observed time to the last byte, fallbacks included. */
  latency_ms: z.number().nonnegative(),
  /** Time to the first streamed token; null for a non-streamed answer. */
  first_token_ms: z.number().nonnegative().nullable(),
  prompt_tokens: z.number().int().nonnegative().nullable(),
  completion_tokens: z.number().int().nonnegative().nullable(),
  tokens_per_second: z.number().nonnegative().nullable(),
  attempts: z.array(GatewayAttempt).min(1),
  /** The user's prompt (last user turn or the prompt), cut to the gateway's `recordChars`. */
  prompt: z.string(),
  /** The answer text, cut the same way; empty on error. */
  output: z.string(),
  /** Optional caller tags (`x-flywheel-skill` header or `metadata.skill`). */
  skill: z.string().nullable(),
  /** The criterion that chose the first model (the request's or the configured default). Absent in events from before it existed. */
  criterion: GatewayCriterion.optional(),
  /** The caller's conversation id (`x-flywheel-conversation-id` or `metadata.conversation_id`), under `continuity`; else null. */
  conversation_id: z.string().nullable().optional(),
  /** Whether continuity held; null unless the criterion is `continuity` with a conversation id and a model answered. */
  continuity: GatewayContinuity.nullable().optional(),
  /**
   * While a canary runs (status/canary.json), which arm served a request sent to the deployed
   * server, and the checkpoint that is; absent otherwise and in events from before canaries.
   */
  canary_arm: z.enum(['canary', 'champion']).optional(),
  checkpoint: z.string().optional(),
});
export type GatewayEvent = z.infer<typeof GatewayEvent>;
