import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

/**
 * A browser's read session: what lets the dashboard's EventSource (which cannot send an
 * Authorization header) and its fetches read once the user has given a token. The cookie holds
 * no token: only its expiry and an HMAC of it under a key derived from the read token, so it
 * needs no store (nothing grows), changing the read token ends every session, and it never
 * opens a mutating route (those take the bearer token alone, so no cross-site form can use it).
 */
export const READ_SESSION_COOKIE = 'flywheel_read';
/** Twelve hours: a working day at the dashboard, then the token is asked for again. */
export const READ_SESSION_SECONDS = 43_200;

const keyOf = (readToken: string) => createHmac('sha256', 'flywheel read session').update(readToken, 'utf8').digest();
const mac = (readToken: string, expires: number) => createHmac('sha256', keyOf(readToken)).update(String(expires)).digest('base64url');

/** The cookie's value for a session that ends `READ_SESSION_SECONDS` after `now`. */
export function readSessionValue(readToken: string, now: Date): { value: string; expires: Date } {
  const expires = Math.floor(now.getTime() / 1000) + READ_SESSION_SECONDS;
  return { value: `${expires}.${mac(readToken, expires)}`, expires: new Date(expires * 1000) };
}

/** Whether the request carries a session cookie made with this read token that has not ended. */
export function hasReadSession(req: Request, readToken: string, now: Date): boolean {
  const value = cookieValue(req.get('cookie') ?? '', READ_SESSION_COOKIE);
  const match = value ? /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value) : null;
  if (!match) return false;
  const expires = Number(match[1]);
  if (expires * 1000 <= now.getTime()) return false;
  const given = Buffer.from(match[2]!);
  const expected = Buffer.from(mac(readToken, expires));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function cookieValue(header: string, name: string): string | null {
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}
