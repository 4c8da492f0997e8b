import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

/**
 * Middleware for mutating routes: lets a request through only with `Authorization: Bearer
 * <token>`, else 401 JSON. The comparison takes the same time whatever the guess (both sides
 * are hashed to equal length, then compared with `timingSafeEqual`), so the token cannot be
 * found byte by byte from response times.
 */
export function requireToken(token: string): RequestHandler {
  if (token.length === 0) throw new Error('requireToken: the token must not be empty');
  const expected = digest(token);
  return (req, res, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (match && timingSafeEqual(digest(match[1]!), expected)) {
      next();
      return;
    }
    res.set('WWW-Authenticate', 'Bearer realm="flywheel"');
    res.status(401).json({ error: match ? 'invalid token' : 'missing bearer token', status: 401 });
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
