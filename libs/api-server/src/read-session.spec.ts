import { describe, expect, it } from '@jest/globals';
import type { Request } from 'express';
import { READ_SESSION_SECONDS, hasReadSession, readSessionValue } from './read-session.js';

const withCookie = (cookie: string) => ({ get: (name: string) => (name.toLowerCase() === 'cookie' ? cookie : undefined) }) as unknown as Request;

describe('read sessions', () => {
  const start = new Date('2030-01-01T00:00:00Z');
  const { value, expires } = readSessionValue('the-read-token', start);

  it('end twelve hours after they were made', () => {
    expect(READ_SESSION_SECONDS).toBe(12 * 3600);
    expect(expires.toISOString()).toBe('2030-01-01T12:00:00.000Z');
    expect(value.startsWith(`${Date.UTC(2030, 0, 1, 12) / 1000}.`)).toBe(true);
    const cookie = `other=1; flywheel_read=${value}`;
    expect(hasReadSession(withCookie(cookie), 'the-read-token', new Date('2030-01-01T11:59:59Z'))).toBe(true);
    expect(hasReadSession(withCookie(cookie), 'the-read-token', new Date('2030-01-01T12:00:00Z'))).toBe(false);
  });

  it('end when the read token changes, and mean nothing without the cookie', () => {
    expect(hasReadSession(withCookie(`flywheel_read=${value}`), 'another-read-token', start)).toBe(false);
    expect(hasReadSession(withCookie(''), 'the-read-token', start)).toBe(false);
  });
});
