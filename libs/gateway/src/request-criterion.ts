import type { IncomingHttpHeaders } from 'node:http';
import { REQUEST_CRITERIA, type RequestCriterion } from './model-ranking.js';

/** Header naming the request's optimisation criterion (else `metadata.criterion`, else `gateway.criterion`). */
export const CRITERION_HEADER = 'x-flywheel-criterion';
/** Header naming the conversation a request is a turn of (else `metadata.conversation_id`), for `continuity`. */
export const CONVERSATION_HEADER = 'x-flywheel-conversation-id';

/** A conversation id: it becomes part of a Redis key, so short and plain. */
export const CONVERSATION_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

export type RequestChoice =
  | { ok: true; criterion: RequestCriterion; conversationId: string | null }
  /** A 400: `param` names where the bad value came from. */
  | { ok: false; message: string; code: 'invalid_criterion' | 'invalid_conversation_id'; param: string };

function metadataValue(body: Record<string, unknown>, key: string): unknown {
  const metadata = body['metadata'];
  return metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as Record<string, unknown>)[key] : undefined;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The criterion a request asks for (header first, then `metadata.criterion`, else the configured
 * one) and, under `continuity`, its conversation id (header first, then `metadata.conversation_id`;
 * none: the request is ranked as a new conversation would be). A value that is not one of the
 * criteria, or a malformed conversation id, is refused rather than guessed at.
 */
export function requestChoice(headers: IncomingHttpHeaders, body: Record<string, unknown>, configured: RequestCriterion): RequestChoice {
  const fromHeader = headerValue(headers, CRITERION_HEADER);
  const given = fromHeader ?? metadataValue(body, 'criterion');
  const param = fromHeader !== undefined ? CRITERION_HEADER : 'metadata.criterion';
  if (given !== undefined && !REQUEST_CRITERIA.includes(given as RequestCriterion)) {
    const shown = typeof given === 'string' ? JSON.stringify(given.slice(0, 100)) : typeof given;
    return { ok: false, code: 'invalid_criterion', param, message: `${param} must be one of ${REQUEST_CRITERIA.join(', ')}; got ${shown}` };
  }
  const criterion = (given as RequestCriterion | undefined) ?? configured;
  if (criterion !== 'continuity') return { ok: true, criterion, conversationId: null };
  const idHeader = headerValue(headers, CONVERSATION_HEADER);
  const id = idHeader ?? metadataValue(body, 'conversation_id');
  const idParam = idHeader !== undefined ? CONVERSATION_HEADER : 'metadata.conversation_id';
  if (id === undefined || id === null || id === '') return { ok: true, criterion, conversationId: null };
  if (typeof id !== 'string' || !CONVERSATION_ID.test(id)) {
    return { ok: false, code: 'invalid_conversation_id', param: idParam, message: `${idParam} must be 1–128 letters, digits or . _ : @ -` };
  }
  return { ok: true, criterion, conversationId: id };
}
