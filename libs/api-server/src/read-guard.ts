import type { RequestHandler } from 'express';
import { hasReadSession } from './read-session.js';
import { requireToken } from './require-token.js';

/**
 * The guard in front of every read route: open when no read token is configured (a loopback
 * API, the default), else a bearer token, either the read token or the mutating one (whoever
 * may change things may look at them), or a read session cookie (`POST /api/session`).
 */
export function readGuard(readToken: string | undefined, token: string | undefined, now: () => Date = () => new Date()): RequestHandler {
  if (!readToken) return (_req, _res, next) => next();
  const bearer = requireToken([readToken, ...(token ? [token] : [])]);
  return (req, res, next) => (hasReadSession(req, readToken, now()) ? next() : bearer(req, res, next));
}
