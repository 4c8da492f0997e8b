import { GatewayEvent, redisNamespace } from '@flywheel/contracts';
import type { Redis } from 'ioredis';

export interface EventSinkOptions {
  run: string;
  /** Approximate cap on the stream (XADD MAXLEN ~). */
  maxLength: number;
  /** Seconds the event stays readable by id. */
  ttlSeconds: number;
}

/**
 * Publishes gateway events: each is appended to the run's `gatewayEvents` stream (field
 * `event`) for the monitor, and stored under `gatewayRequest(id)` with a TTL for feedback to
 * join. Events emitted in the same turn of the event loop go to Redis in one MULTI round trip
 * (under load that saves a write and a read per request). Each is validated against the contract.
 */
export function createRedisEventSink(redis: Redis, options: EventSinkOptions) {
  const keys = redisNamespace(options.run);
  let batch: { json: string; id: string; done: (error?: unknown) => void }[] = [];

  const flush = async () => {
    const sending = batch;
    batch = [];
    const multi = redis.multi();
    for (const { json, id } of sending) {
      multi.xadd(keys.gatewayEvents, 'MAXLEN', '~', String(options.maxLength), '*', 'event', json);
      multi.set(keys.gatewayRequest(id), json, 'EX', options.ttlSeconds);
    }
    try {
      const results = await multi.exec();
      const failed = results?.find(([error]) => error);
      for (const { done } of sending) done(failed?.[0] ?? undefined);
    } catch (error) {
      for (const { done } of sending) done(error);
    }
  };

  return (event: GatewayEvent): Promise<void> =>
    new Promise((resolve, reject) => {
      const json = JSON.stringify(GatewayEvent.parse(event));
      if (batch.length === 0) setImmediate(flush);
      batch.push({ json, id: event.id, done: (error) => (error ? reject(error) : resolve()) });
    });
}
export type EventSink = (event: GatewayEvent) => Promise<void>;
