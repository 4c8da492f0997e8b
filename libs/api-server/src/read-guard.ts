import type { RequestHandler } from 'express';
import { requireToken } from './require-token.js';

/**
 * The guard in front of every read route: open when no read token is configured (a loopback
 * API, the default), else a bearer token, either the read token or the mutating one (whoever
 * may change things may look at them).
 */
export function readGuard(readToken: string | undefined, token: string | undefined): RequestHandler {
  if (!readToken) return (_req, _res, next) => next();
  return requireToken([readToken, ...(token ? [token] : [])]);
}
