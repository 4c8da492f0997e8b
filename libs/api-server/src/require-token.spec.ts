import { describe, expect, it } from '@jest/globals';
import express from 'express';
import request from 'supertest';
import { requireToken } from './require-token.js';

const TOKEN = 'correct-horse-battery-staple';

function appWithGuard() {
  const app = express();
  app.post('/api/deploy', requireToken(TOKEN), (_req, res) => void res.json({ deployed: true }));
  return app;
}

describe('requireToken', () => {
  it('lets through only the right bearer token', async () => {
    const app = appWithGuard();
    const ok = await request(app).post('/api/deploy').set('Authorization', `Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ deployed: true });
    // The scheme is case-insensitive (RFC 7235).
    expect((await request(app).post('/api/deploy').set('Authorization', `bearer ${TOKEN}`)).status).toBe(200);
  });

  it('answers 401 JSON with a WWW-Authenticate challenge otherwise', async () => {
    const app = appWithGuard();
    const none = await request(app).post('/api/deploy');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="flywheel"');
    expect(none.body).toEqual({ error: 'missing bearer token', status: 401 });

    for (const header of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, 'Bearer x', `Basic ${TOKEN}`, TOKEN]) {
      const res = await request(app).post('/api/deploy').set('Authorization', header);
      expect([header, res.status]).toEqual([header, 401]);
    }
    expect((await request(app).post('/api/deploy').set('Authorization', 'Bearer wrong')).body).toEqual({ error: 'invalid token', status: 401 });
  });

  it('refuses an empty token when the route is set up', () => {
    expect(() => requireToken('')).toThrow('requireToken: the token must not be empty');
  });
});
