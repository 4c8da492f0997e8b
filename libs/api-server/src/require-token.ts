import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

/**
 * Middleware that lets a request through only with `Authorization: Bearer <token>` for one
 * of `tokens`, else 401 JSON. The comparison takes the same time whatever the guess (both
 * sides are hashed to equal length, then compared with `timingSafeEqual`, every token each
 * time), so a token cannot be found byte by byte from response times.
 */
export function requireToken(tokens: string | readonly string[]): RequestHandler {
  const list = typeof tokens === 'string' ? [tokens] : tokens;
  if (list.length === 0 || list.some((token) => token.length === 0)) throw new Error('requireToken: the token must not be empty');
  const expected = list.map(digest);
  return (req, res, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (match) {
      const given = digest(match[1]!);
      let ok = false;
      for (const candidate of expected) ok = timingSafeEqual(given, candidate) || ok;
      if (ok) {
        next();
        return;
      }
    }
    res.set('WWW-Authenticate', 'Bearer realm="flywheel"');
    res.status(401).json({ error: match ? 'invalid token' : 'missing bearer token', status: 401 });
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
