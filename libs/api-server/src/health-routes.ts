import { withTimeout } from '@flywheel/status-store';
import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';

/** `GET /healthz` (liveness): the process answers HTTP. Checks nothing else, on purpose: a
 * restart does not cure a Redis outage. */
export const healthzHandler: RequestHandler = (_req, res) => {
  res.json({ status: 'ok' });
};

/**
 * `GET /readyz` (readiness): 200 when the API can serve everything, i.e. Redis answers PING
 * (or no Redis is configured); 503 with the reason otherwise.
 */
export function readyzHandler(redis: Redis | undefined, timeoutMs = 2_000): RequestHandler {
  return async (_req, res) => {
    if (!redis) {
      res.json({ ready: true, redis: 'not configured' });
      return;
    }
    try {
      await withTimeout(redis.ping(), timeoutMs, 'ping');
      res.json({ ready: true, redis: 'ok' });
    } catch (error) {
      res.status(503).json({ ready: false, redis: 'unavailable', error: (error as Error).message });
    }
  };
}
