import express, { type Router } from 'express';
import { READ_SESSION_COOKIE, readSessionValue } from './read-session.js';
import { requireToken } from './require-token.js';

/**
 * `POST /api/session` with `Authorization: Bearer <read or mutating token>`: sets the read
 * session cookie (HttpOnly, SameSite=Strict, for the whole API) and says when it ends;
 * `DELETE /api/session` clears it. Without a read token reads are open and there is nothing to
 * set: `{ read_token_required: false }`.
 */
export function readSessionRouter(readToken: string | undefined, token: string | undefined, now: () => Date): Router {
  const router = express.Router();
  if (!readToken) {
    router.post('/api/session', (_req, res) => void res.json({ read_token_required: false }));
    router.delete('/api/session', (_req, res) => void res.json({ read_token_required: false }));
    return router;
  }
  const cookie = (value: string, maxAgeSeconds: number, secure: boolean) =>
    `${READ_SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
  router.post('/api/session', requireToken([readToken, ...(token ? [token] : [])]), (req, res) => {
    const at = now();
    const session = readSessionValue(readToken, at);
    res.set('Cache-Control', 'no-store');
    res.set('Set-Cookie', cookie(session.value, Math.ceil((session.expires.getTime() - at.getTime()) / 1000), req.secure));
    res.json({ read_token_required: true, expires_at: session.expires.toISOString() });
  });
  router.delete('/api/session', (req, res) => {
    res.set('Set-Cookie', cookie('', 0, req.secure));
    res.json({ read_token_required: true, ended: true });
  });
  return router;
}
