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
 * Publishes a gateway event: appended to the run's `gatewayEvents` stream (field `event`) for
 * the monitor, and stored under `gatewayRequest(id)` with a TTL for feedback to join, in one
 * round trip. The event is validated against the contract first.
 */
export function createRedisEventSink(redis: Redis, options: EventSinkOptions) {
  const keys = redisNamespace(options.run);
  return async (event: GatewayEvent): Promise<void> => {
    const json = JSON.stringify(GatewayEvent.parse(event));
    const results = await redis
      .multi()
      .xadd(keys.gatewayEvents, 'MAXLEN', '~', String(options.maxLength), '*', 'event', json)
      .set(keys.gatewayRequest(event.id), json, 'EX', options.ttlSeconds)
      .exec();
    const failed = results?.find(([error]) => error);
    if (failed) throw failed[0];
  };
}
export type EventSink = (event: GatewayEvent) => Promise<void>;
