import type { RedisNamespace } from '@flywheel/contracts';
import type { Redis } from 'ioredis';
import type { StatusUpdateMessage } from '@flywheel/contracts';
import { withTimeout } from './with-timeout.js';

/**
 * Stores the status's JSON under `ns.status(file)` and announces it on `ns.statusChannel`,
 * in one MULTI so a subscriber that reacts to the message always finds the new copy.
 * Rejects when Redis fails or does not answer within `timeoutMs`.
 */
export async function publishStatus(
  redis: Redis,
  ns: RedisNamespace,
  json: string,
  message: StatusUpdateMessage,
  timeoutMs: number,
): Promise<void> {
  const results = await withTimeout(
    redis.multi().set(ns.status(message.file), json).publish(ns.statusChannel, JSON.stringify(message)).exec(),
    timeoutMs,
    `publish ${message.file}`,
  );
  // exec() resolves null when the transaction was aborted, and reports per-command errors in place.
  if (results === null) throw new Error(`publish ${message.file}: transaction aborted`);
  for (const [error] of results) if (error) throw error;
}
