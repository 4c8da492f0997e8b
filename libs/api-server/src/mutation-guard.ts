import type { RequestHandler } from 'express';
import { requireToken } from './require-token.js';

/**
 * The guard in front of every route that changes something: the bearer token when one is
 * configured; without one, every such request is refused (401) saying so. An API without a
 * token is a read-only API, not an open one.
 */
export function mutationGuard(token: string | undefined): RequestHandler {
  if (token) return requireToken(token);
  return (_req, res) => {
    res.set('WWW-Authenticate', 'Bearer realm="flywheel"');
    res.status(401).json({
      error: 'mutating routes need a bearer token, and none is configured: set api.token (env FLYWHEEL_API_TOKEN)',
      status: 401,
    });
  };
}
