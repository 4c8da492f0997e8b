import { FeedbackRecord, GatewayEvent, redisNamespace, type FeedbackRating } from '@flywheel/contracts';
import type { Redis } from 'ioredis';

/** The gateway's record of a request could not be used (it is there but is not a GatewayEvent). */
export class GatewayRequestUnreadable extends Error {
  constructor(readonly key: string, detail: string) {
    super(`${key} is not a gateway request: ${detail}`);
    this.name = 'GatewayRequestUnreadable';
  }
}

/** The gateway's recent request `id` (written under `gatewayRequest(id)` with a TTL), or null when unknown or expired. */
export async function readGatewayRequest(redis: Redis, run: string, id: string): Promise<GatewayEvent | null> {
  const key = redisNamespace(run).gatewayRequest(id);
  const raw = await redis.get(key);
  if (raw === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new GatewayRequestUnreadable(key, `not JSON (${(error as Error).message})`);
  }
  const parsed = GatewayEvent.safeParse(json);
  if (!parsed.success) throw new GatewayRequestUnreadable(key, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

/** A rating joined with the request it rates: who answered, what was asked and answered. */
export function recordOfRequest(rating: FeedbackRating, request: GatewayEvent, at: Date): FeedbackRecord {
  return FeedbackRecord.parse({
    ...rating,
    at: at.toISOString(),
    model: request.model,
    prompt: request.prompt,
    original_completion: request.output,
    skill: request.skill,
  });
}

/**
 * Adds the record to the run's `feedback` stream (field `record`), for the production monitor.
 * The stream keeps about the newest `maxLength` entries; the ratings file keeps them all.
 * @returns the entry id
 */
export async function publishRecord(redis: Redis, run: string, record: FeedbackRecord, maxLength = 100_000): Promise<string> {
  const id = await redis.xadd(redisNamespace(run).feedback, 'MAXLEN', '~', String(maxLength), '*', 'record', JSON.stringify(record));
  return id!;
}
