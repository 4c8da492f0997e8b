import { randomUUID } from 'node:crypto';

/** A caller's id is kept as a reference when it is a plain token (it ends up in logs and events). */
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id the gateway stores a request under: always its own UUID. A caller's `x-request-id`
 * may repeat (a retry, a fixed value, another client's guess), and storage keyed by it would
 * let one request overwrite another's prompt and answer.
 */
export function gatewayRequestId(): string {
  return randomUUID();
}

/** The caller's `x-request-id` when well formed (kept as `caller_request_id`), else null. */
export function callerRequestIdFrom(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && WELL_FORMED.test(value) ? value : null;
}
