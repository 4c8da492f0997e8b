import { CONVERSATION_TYPE_OF, publicErrorBody, type GatewayAttempt, type GatewayEvent, type GatewayRequestKind } from '@flywheel/contracts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { CanaryChoice, CanarySplit } from './canary-split.js';
import type { EventSink } from './gateway-events.js';
import type { AttemptMetricOutcome, GatewayMetrics, RequestOutcome } from './gateway-metrics.js';
import type { ConversationStore } from './conversation-store.js';
import { modelsToTry, rankingCriterion, type RequestCriterion } from './model-ranking.js';
import { createSseReader, promptOf, summarizeJsonAnswer, type AnswerSummary } from './openai-payload.js';
import type { AttemptOutcome, PerformanceTracker } from './performance-tracker.js';
import { BodyError, readJsonBody } from './read-json-body.js';
import { callerRequestIdFrom, gatewayRequestId } from './request-id.js';
import { requestChoice } from './request-criterion.js';
import { requestedModel } from './requested-model.js';
import { createSkillTagger } from './skill-tag.js';
import type { ModelNames } from './upstream-model-name.js';
import { isRetryableStatus, readBody, sendUpstream } from './upstream-request.js';
import { conversationTypeLabel, typesOf, upstreamsFor, type Upstream } from './upstreams.js';

export interface ProxyContext {
  upstreams: readonly Upstream[];
  tracker: PerformanceTracker;
  modelNames: ModelNames;
  /** The criterion of requests that name none (`gateway.criterion`). */
  criterion: RequestCriterion;
  /** Which model served each conversation, for `continuity`. @defaultValue none: continuity is never held */
  conversations?: ConversationStore;
  /** Called when the conversation memory cannot be read or written (the request is served regardless). */
  onConversationError?: (error: unknown, conversationId: string) => void;
  maxAttempts: number;
  timeoutMs: number;
  recordChars: number;
  /** Other names callers may give as `model`: alias → upstream name (`gateway.aliases`). @defaultValue none */
  aliases?: Readonly<Record<string, string>>;
  /** The skill tag recorded for a caller's raw tag (see skill-tag.ts). @defaultValue any well-formed name, at most 50 */
  skillTag?: (raw: string | null) => string | null;
  emit: EventSink;
  onEmitError?: (error: unknown, event: GatewayEvent) => void;
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: number;
  /** The gateway's Prometheus metrics (gateway-metrics.ts), recorded once the answer is out. @defaultValue none recorded */
  metrics?: GatewayMetrics;
  /** Splits the deployed upstream's traffic while a canary runs (status/canary.json). @defaultValue no split */
  canary?: CanarySplit;
}

type Response = ServerResponse;

/** Header naming the model that answered. */
export const MODEL_HEADER = 'x-flywheel-model';
/** Header echoing the caller's own `x-request-id` (the gateway's id is in `x-request-id`). */
export const CALLER_REQUEST_ID_HEADER = 'x-caller-request-id';
/** OpenAI's route of each request kind, on the gateway and on the upstream alike. */
export const PATHS: Readonly<Record<GatewayRequestKind, string>> = {
  chat: '/v1/chat/completions',
  completion: '/v1/completions',
  image: '/v1/images/generations',
  audio: '/v1/audio/speech',
  video: '/v1/videos',
};

type Json = Record<string, unknown>;

interface AttemptResult {
  /** `stale_model`: a 404 for a model name the gateway looked up itself; not yet answered. */
  outcome: AttemptOutcome | 'client_gone' | 'stale_model';
  status: number | null;
  error: string | null;
  /** The upstream's answer, kept to pass on when this was the last try. */
  body?: Buffer;
  contentType?: string;
  /** Bytes have gone to the client: no fallback any more. */
  answered: boolean;
  summary?: AnswerSummary;
  firstChunkAt?: number;
  generationMs?: number;
  /** The model name sent to the upstream (its checkpoint), once known. */
  servedModel?: string;
}

const ATTEMPT_METRIC: Record<AttemptResult['outcome'], AttemptMetricOutcome> = {
  success: 'success',
  failure: 'failure',
  client_error: 'client_error',
  client_gone: 'cancelled',
  stale_model: 'client_error',
};

/** The OpenAI error shape: every gateway error says what (`message`), its class (`type`) and a stable `code`. */
export function openAiError(message: string, type: string, code: string, param: string | null = null): { error: { message: string; type: string; code: string; param: string | null } } {
  return { error: { message, type, code, param } };
}

function sendJson(res: Response, status: number, value: unknown): void {
  // An error says which model failed and how, not its URL: the full error stays in the event's attempts.
  const body = JSON.stringify(status >= 400 ? publicErrorBody(value) : value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Passes an upstream's whole answer on, as it is. */
function sendBody(res: Response, status: number, contentType: string | undefined, model: string, body: Buffer): void {
  res.writeHead(status, { 'content-type': contentType ?? 'application/json', 'content-length': body.length, [MODEL_HEADER]: model });
  res.end(body);
}

/**
 * One of PATHS on plain node:http: read the body, choose among the upstreams serving the
 * kind's conversation type, try, fall back, pass through, record.
 */
export function proxyHandler(kind: GatewayRequestKind, context: ProxyContext) {
  const byName = new Map(context.upstreams.map((u) => [u.name, u]));
  const candidates = upstreamsFor(context.upstreams, kind);
  const typeLabel = conversationTypeLabel(CONVERSATION_TYPE_OF[kind]);
  return async (req: IncomingMessage, res: Response): Promise<void> => {
    const started = performance.now();
    const at = new Date().toISOString();
    // Stored under the gateway's own id: a caller's id may repeat, and must not overwrite another request.
    const id = gatewayRequestId();
    const callerRequestId = callerRequestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', id);
    if (callerRequestId !== null) res.setHeader(CALLER_REQUEST_ID_HEADER, callerRequestId);
    if (/^multipart\//i.test(req.headers['content-type'] ?? '')) {
      // Read nothing of it: the gateway routes by the JSON body's `model` and metadata.
      req.resume();
      sendJson(res, 415, openAiError(`send ${PATHS[kind]} a JSON body (content-type application/json); multipart bodies are not proxied`, 'invalid_request_error', 'unsupported_media_type'));
      recordRefused(context, kind, started);
      return;
    }
    let body: unknown;
    try {
      body = await readJsonBody(req, context.bodyLimitBytes);
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      sendJson(res, error.status, openAiError(error.message, 'invalid_request_error', error.status === 413 ? 'request_too_large' : 'invalid_json'));
      recordRefused(context, kind, started);
      return;
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      sendJson(res, 400, openAiError('the request body must be a JSON object', 'invalid_request_error', 'invalid_body'));
      recordRefused(context, kind, started);
      return;
    }
    const request = body as Json;
    const stream = request['stream'] === true;
    // (No upstream at all is the 503 `no_upstream` below, as before types existed.)
    if (candidates.length === 0 && context.upstreams.length > 0) {
      const served = context.upstreams.map((u) => `${u.name} (${typesOf(u).join(', ')})`).join(', ');
      const message = `no upstream serves ${typeLabel} requests (POST ${PATHS[kind]}): none lists "${CONVERSATION_TYPE_OF[kind]}" in gateway.upstreams[].types; the upstreams serve: ${served}`;
      sendJson(res, 404, openAiError(message, 'invalid_request_error', 'type_not_served'));
      recordRefused(context, kind, started);
      return;
    }
    const named = await requestedModel(request['model'], context.upstreams, context.modelNames, context.aliases);
    if (named.kind === 'unknown') {
      const message = `the model ${JSON.stringify(String(request['model']).slice(0, 100))} does not exist here: use one of ${named.accepted.join(', ')}`;
      sendJson(res, 404, openAiError(message, 'invalid_request_error', 'model_not_found', 'model'));
      recordRefused(context, kind, started);
      return;
    }
    if (named.kind === 'upstream' && !candidates.some((u) => u.name === named.upstream)) {
      const message = `the model ${JSON.stringify(String(request['model']).slice(0, 100))} (upstream ${named.upstream}) does not serve ${typeLabel} requests: use auto or one of ${candidates.map((u) => u.name).join(', ')}`;
      sendJson(res, 400, openAiError(message, 'invalid_request_error', 'model_not_for_type', 'model'));
      recordRefused(context, kind, started);
      return;
    }
    const requested = named.kind === 'upstream' ? named.upstream : undefined;
    const choice = requestChoice(req.headers, request, context.criterion);
    if (!choice.ok) {
      sendJson(res, 400, openAiError(choice.message, 'invalid_request_error', choice.code, choice.param));
      return;
    }
    const conversationId = choice.conversationId;
    const remembered = conversationId === null ? null : await rememberedModel(context, conversationId);
    const ranking = rankingCriterion(choice.criterion, context.criterion);
    const order = modelsToTry(context.tracker, candidates, ranking, kind, requested ?? remembered ?? undefined, context.maxAttempts);

    let abortCurrent: (() => void) | undefined;
    let clientGone = false;
    res.once('close', () => {
      if (!res.writableFinished) {
        clientGone = true;
        abortCurrent?.();
      }
    });

    const attempts: GatewayAttempt[] = [];
    let last: AttemptResult | undefined;
    let lastModel = order[0] ?? requested ?? '';
    let lastLatencyMs = 0;
    let canaryChoice: CanaryChoice | null = null;
    for (const name of order) {
      if (clientGone) break;
      const upstream = byName.get(name)!;
      lastModel = name;
      const attemptStarted = performance.now();
      const choice = context.canary?.choose(name) ?? null;
      if (choice) canaryChoice = choice;
      const attempt = () => tryUpstream(upstream, kind, request, stream, id, res, context, (abort) => (abortCurrent = abort), () => clientGone, choice?.model);
      last = await attempt();
      if (last.outcome === 'stale_model') {
        // The server was redeployed under another model name since it was looked up: look again, once.
        context.modelNames.forget(upstream);
        last = await attempt();
        // A single-model server redeployed before its record was rewritten: the model it lists.
        const sole = last.outcome === 'stale_model' && !choice ? await context.modelNames.soleListed(upstream) : null;
        if (sole) last = await tryUpstream(upstream, kind, request, stream, id, res, context, (abort) => (abortCurrent = abort), () => clientGone, sole);
        if (last.outcome === 'stale_model') {
          // Not found under its current name either: the server's answer, as for any client error.
          sendBody(res, last.status!, last.contentType, name, last.body!);
          last = { ...last, outcome: 'client_error', answered: true };
        }
      }
      const latencyMs = performance.now() - attemptStarted;
      lastLatencyMs = latencyMs;
      attempts.push({
        model: name,
        outcome: last.outcome === 'success' ? 'success' : 'error',
        status: last.status,
        error: last.error,
        latency_ms: latencyMs,
      });
      const outcome = last.outcome;
      context.metrics?.recordAttempt(name, ATTEMPT_METRIC[outcome]);
      if (outcome !== 'client_gone' && outcome !== 'stale_model') {
        context.tracker.recordAttempt({
          model: name,
          kind,
          outcome,
          latencyMs,
          promptTokens: last.summary?.promptTokens,
          completionTokens: last.summary?.completionTokens,
          generationMs: last.generationMs ?? latencyMs,
        });
      }
      if (last.outcome === 'failure' && !last.answered) {
        if (last.status === null) context.modelNames.forget(upstream);
        continue;
      }
      break;
    }

    let status: number | null = last?.status ?? null;
    if (!res.headersSent && !clientGone) {
      if (last?.body && last.status !== null) {
        // Every model failed: the last upstream's own answer (a 429 stays a 429 for the caller's retry logic).
        sendBody(res, last.status, last.contentType, lastModel, last.body);
      } else {
        status = order.length === 0 ? 503 : 502;
        const reasons = attempts.map((a) => `${a.model}: ${a.error}`).join('; ');
        sendJson(res, status, openAiError(order.length === 0 ? 'no upstream model is configured' : `no upstream answered (${reasons})`, 'upstream_error', order.length === 0 ? 'no_upstream' : 'upstream_unavailable'));
      }
    }

    const ended = performance.now();
    const summary = last?.summary;
    const success = last?.outcome === 'success';
    if (success && conversationId !== null) {
      // Every answered turn renews the memory (its TTL and place in the cap run from the last turn); a fallback's answer moves it.
      context.conversations?.remember(conversationId, lastModel).catch((error: unknown) => context.onConversationError?.(error, conversationId));
    }
    const firstTokenMs = stream && last?.firstChunkAt !== undefined ? last.firstChunkAt - started : null;
    const generationSeconds = (last?.generationMs ?? lastLatencyMs) / 1000;
    const completionTokens = success ? (summary?.completionTokens ?? null) : null;
    const event: GatewayEvent = {
      id,
      caller_request_id: callerRequestId,
      at,
      kind,
      stream,
      model: lastModel,
      outcome: success ? 'success' : 'error',
      status,
      error: success ? null : clientGone ? 'the client closed the connection' : (last?.error ?? 'no upstream model'),
      fault: success ? null : clientGone || last?.outcome === 'client_error' ? 'caller' : 'model',
      latency_ms: ended - started,
      first_token_ms: firstTokenMs,
      prompt_tokens: success ? (summary?.promptTokens ?? null) : null,
      completion_tokens: completionTokens,
      tokens_per_second: completionTokens && generationSeconds > 0 ? completionTokens / generationSeconds : null,
      attempts: attempts.length ? attempts : [{ model: lastModel, outcome: 'error', status: null, error: 'no upstream model', latency_ms: 0 }],
      prompt: promptOf(kind, request).slice(0, context.recordChars),
      output: success ? (summary?.output ?? '') : '',
      skill: (context.skillTag ?? defaultSkillTag)(skillOf(req, request)),
      criterion: choice.criterion,
      conversation_id: conversationId,
      continuity: conversationId === null || !success ? null : remembered === null ? 'new' : lastModel === remembered ? 'held' : 'moved',
      ...(canaryChoice ? { canary_arm: canaryChoice.arm, checkpoint: canaryChoice.checkpoint } : {}),
    };
    context.emit(event).catch((error: unknown) => context.onEmitError?.(error, event));
    const outcome: RequestOutcome = success ? 'success' : clientGone ? 'cancelled' : last?.outcome === 'client_error' ? 'caller_error' : 'model_error';
    context.metrics?.recordRequest({
      kind,
      upstream: attempts.length ? lastModel : '',
      servedModel: last?.servedModel ?? '',
      outcome,
      durationSeconds: (ended - started) / 1000,
      firstTokenSeconds: firstTokenMs === null ? null : firstTokenMs / 1000,
      inputTokens: event.prompt_tokens,
      outputTokens: completionTokens,
    });
  };
}

/** A request refused before any upstream was chosen (bad body, unknown model): the caller's error, under no model. */
function recordRefused(context: ProxyContext, kind: GatewayRequestKind, started: number): void {
  context.metrics?.recordRequest({
    kind, upstream: '', servedModel: '', outcome: 'caller_error',
    durationSeconds: (performance.now() - started) / 1000, firstTokenSeconds: null, inputTokens: null, outputTokens: null,
  });
}

/** The conversation's model, or null when none is remembered or the memory cannot be read (served as a new conversation). */
async function rememberedModel(context: ProxyContext, conversationId: string): Promise<string | null> {
  try {
    return (await context.conversations?.modelOf(conversationId)) ?? null;
  } catch (error) {
    context.onConversationError?.(error, conversationId);
    return null;
  }
}

const defaultSkillTag = createSkillTagger({ allowed: [], maxDistinct: 50 });

function skillOf(req: IncomingMessage, body: Json): string | null {
  const header = req.headers['x-flywheel-skill'];
  if (typeof header === 'string' && header) return header;
  const metadata = body['metadata'];
  const skill = metadata !== null && typeof metadata === 'object' ? (metadata as Json)['skill'] : undefined;
  return typeof skill === 'string' && skill ? skill : null;
}

async function tryUpstream(
  upstream: Upstream,
  kind: GatewayRequestKind,
  request: Json,
  stream: boolean,
  id: string,
  res: Response,
  context: ProxyContext,
  setAbort: (abort: () => void) => void,
  isClientGone: () => boolean,
  canaryModel?: string,
): Promise<AttemptResult> {
  let response: IncomingMessage;
  let servedModel: string | undefined;
  try {
    const model = canaryModel ?? (await context.modelNames.of(upstream));
    servedModel = model;
    const payload = Buffer.from(JSON.stringify({ ...request, model }));
    const sent = sendUpstream({ baseUrl: upstream.baseUrl, path: PATHS[kind], method: 'POST', body: payload, timeoutMs: context.timeoutMs });
    setAbort(sent.abort);
    response = await sent.response;
  } catch (error) {
    return { servedModel, outcome: isClientGone() ? 'client_gone' : 'failure', status: null, error: (error as Error).message, answered: false };
  }
  const status = response.statusCode ?? 502;
  const contentType = response.headers['content-type'];

  if (status >= 400) {
    let body: Buffer;
    try {
      body = await readBody(response);
    } catch (error) {
      return { servedModel, outcome: isClientGone() ? 'client_gone' : 'failure', status: null, error: (error as Error).message, answered: false };
    }
    const error = `upstream answered ${status}: ${body.toString('utf8').slice(0, 200)}`;
    if (isRetryableStatus(status)) return { servedModel, outcome: 'failure', status, error, body, contentType, answered: false };
    if (status === 404 && !upstream.model) return { servedModel, outcome: 'stale_model', status, error, body, contentType, answered: false };
    // The caller's mistake: passed on as it is, and no other model would do better.
    sendBody(res, status, contentType, upstream.name, body);
    return { servedModel, outcome: 'client_error', status, error, answered: true };
  }

  const isEventStream = (contentType ?? '').startsWith('text/event-stream');
  // Audio is binary and may be long: its bytes go on as they come, never held whole.
  if (!(stream && isEventStream) && kind !== 'audio') {
    let body: Buffer;
    try {
      body = await readBody(response);
    } catch (error) {
      return { servedModel, outcome: isClientGone() ? 'client_gone' : 'failure', status: null, error: (error as Error).message, answered: false };
    }
    sendBody(res, status, contentType, upstream.name, body);
    return { servedModel, outcome: 'success', status, error: null, answered: true, summary: summarizeJsonAnswer(kind, body, context.recordChars) };
  }

  // Streamed: each chunk goes to the client as it arrives. Headers go out with the first
  // chunk, so an upstream that dies before sending anything can still be replaced.
  const reader = isEventStream ? createSseReader(kind, context.recordChars) : null;
  const headers = { 'content-type': contentType ?? 'application/octet-stream', 'cache-control': 'no-cache', 'x-request-id': id, [MODEL_HEADER]: upstream.name };
  let firstChunkAt: number | undefined;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      if (firstChunkAt === undefined) {
        firstChunkAt = performance.now();
        res.writeHead(status, headers);
      }
      reader?.push(chunk);
      if (!res.write(chunk)) await drained(res);
    }
  } catch (error) {
    if (isClientGone()) return { servedModel, outcome: 'client_gone', status, error: 'the client closed the connection', answered: firstChunkAt !== undefined };
    // Cut off mid-stream: the client must not mistake the part for a whole answer.
    if (firstChunkAt !== undefined) res.destroy();
    return { servedModel, outcome: 'failure', status: firstChunkAt === undefined ? null : status, error: `stream broke: ${(error as Error).message}`, answered: firstChunkAt !== undefined };
  }
  if (isClientGone()) return { servedModel, outcome: 'client_gone', status, error: 'the client closed the connection', answered: true };
  if (firstChunkAt === undefined) {
    firstChunkAt = performance.now();
    res.writeHead(status, headers);
  }
  res.end();
  const summary = reader?.finish() ?? { output: '', promptTokens: null, completionTokens: null };
  return { servedModel, outcome: 'success', status, error: null, answered: true, summary, firstChunkAt, generationMs: performance.now() - firstChunkAt };
}

function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}
