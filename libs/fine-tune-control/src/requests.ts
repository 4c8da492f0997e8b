import { formatIssuePath, ManualFineTuneRequest, redisNamespace } from '@flywheel/contracts';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';

/** Requests kept in the stream (approximately: Redis trims in whole nodes). Far more than anyone clicks between two monitor passes. */
export const REQUEST_STREAM_MAX_LENGTH = 1000;

export interface ManualFineTuneAsk {
  requested_by: string;
  reason?: string | null;
  /** @defaultValue now */
  requested_at?: string;
}

/** One request as stored: its stream entry id (the cursor to resume after) and the request. */
export interface StoredManualFineTuneRequest {
  stream_id: string;
  request: ManualFineTuneRequest;
}

/** An entry of the stream that is not a ManualFineTuneRequest: reported, and passed over by the cursor. */
export interface MalformedFineTuneRequest {
  stream_id: string;
  message: string;
}

export interface TakenManualFineTuneRequests {
  requests: StoredManualFineTuneRequest[];
  malformed: MalformedFineTuneRequest[];
  /** The id to pass as `afterId` next time: the last entry read (good or bad), or `afterId` when none. */
  last_id: string;
}

/**
 * Adds a "fine-tune now" request to the run's request stream (field `request`, JSON). The
 * request's own `id` is a UUID, so the monitor's record of the run it started can name it.
 * @throws when the request is not a ManualFineTuneRequest (empty `requested_by`)
 */
export async function requestManualFineTune(redis: Redis, run: string, ask: ManualFineTuneAsk): Promise<StoredManualFineTuneRequest> {
  const request = ManualFineTuneRequest.parse({
    id: randomUUID(),
    requested_by: ask.requested_by,
    requested_at: ask.requested_at ?? new Date().toISOString(),
    reason: ask.reason ?? null,
  });
  const key = redisNamespace(run).fineTuneRequests;
  const streamId = await redis.xadd(key, 'MAXLEN', '~', String(REQUEST_STREAM_MAX_LENGTH), '*', 'request', JSON.stringify(request));
  if (streamId === null) throw new Error(`${key}: XADD answered no id`);
  return { stream_id: streamId, request };
}

/**
 * The requests added after stream id `afterId` ('0' for all kept), oldest first, at most
 * `count`. Nothing is removed: the caller keeps the cursor (`last_id`) and passes it next time.
 * Entries that do not parse come back in `malformed` with the reason, never silently skipped.
 */
export async function takeManualFineTuneRequests(redis: Redis, run: string, afterId = '0', count = 100): Promise<TakenManualFineTuneRequests> {
  const key = redisNamespace(run).fineTuneRequests;
  const entries = (await redis.xrange(key, `(${afterId}`, '+', 'COUNT', count)) as [string, string[]][];
  const requests: StoredManualFineTuneRequest[] = [];
  const malformed: MalformedFineTuneRequest[] = [];
  for (const [streamId, fields] of entries) {
    const parsed = parseEntry(fields);
    if (typeof parsed === 'string') malformed.push({ stream_id: streamId, message: `${key} ${streamId}: ${parsed}` });
    else requests.push({ stream_id: streamId, request: parsed });
  }
  return { requests, malformed, last_id: entries.at(-1)?.[0] ?? afterId };
}

/** The newest `count` requests kept, newest first (for the API's status answer). */
export async function recentManualFineTuneRequests(redis: Redis, run: string, count = 10): Promise<StoredManualFineTuneRequest[]> {
  const entries = (await redis.xrevrange(redisNamespace(run).fineTuneRequests, '+', '-', 'COUNT', count)) as [string, string[]][];
  return entries.flatMap(([streamId, fields]) => {
    const parsed = parseEntry(fields);
    return typeof parsed === 'string' ? [] : [{ stream_id: streamId, request: parsed }];
  });
}

/** The entry's request, or why it is not one. */
function parseEntry(fields: string[]): ManualFineTuneRequest | string {
  const at = fields.findIndex((field, i) => i % 2 === 0 && field === 'request');
  if (at < 0) return 'no "request" field';
  let json: unknown;
  try {
    json = JSON.parse(fields[at + 1] ?? '');
  } catch (error) {
    return `request: not valid JSON: ${(error as Error).message}`;
  }
  const result = ManualFineTuneRequest.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  return `request.${issue.path.length ? formatIssuePath(issue.path) : '(value)'}: ${issue.message}`;
}
