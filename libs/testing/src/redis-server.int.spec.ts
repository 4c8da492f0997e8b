import { describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import net from 'node:net';
import { startRedis } from './redis-server.js';

describe('startRedis', () => {
  it('starts two private servers on different ports that do not share data, and stops them', async () => {
    const [a, b] = await Promise.all([startRedis(), startRedis()]);
    const ca = new Redis(a.url);
    const cb = new Redis(b.url);
    try {
      expect(a.port).not.toBe(b.port);
      await ca.set('k', 'from-a');
      expect(await ca.get('k')).toBe('from-a');
      expect(await cb.get('k')).toBeNull();
      expect(await ca.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    } finally {
      ca.disconnect();
      cb.disconnect();
      await a.stop();
      await b.stop();
    }
    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect(a.port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});
