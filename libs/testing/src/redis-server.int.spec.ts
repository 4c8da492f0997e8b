import { describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import net from 'node:net';
import { readFile } from 'node:fs/promises';
import { startRedis } from './redis-server.js';
import { makeTestCertificates } from './test-certificates.js';
import { tempDir } from './temp-dir.js';

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

  it('serves TLS only, with an ACL user, the default user off, when asked', async () => {
    const certs = await tempDir('redis-certs');
    const made = await makeTestCertificates(certs.dir);
    const server = await startRedis({ tls: made, users: [{ name: 'flywheel', password: 'p@ss:w/rd' }] });
    const ca = await readFile(made.caFile);
    const user = new Redis(server.url, { tls: { ca } });
    const anonymous = new Redis(`rediss://127.0.0.1:${server.port}`, { tls: { ca }, enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    anonymous.on('error', () => undefined);
    try {
      expect(server.url).toBe(`rediss://flywheel:p%40ss%3Aw%2Frd@127.0.0.1:${server.port}`);
      expect(await user.acl('WHOAMI')).toBe('flywheel');
      // Its ready check (INFO) would close it on NOAUTH; a PING shows the refusal itself.
      await expect(anonymous.ping()).rejects.toThrow(/NOAUTH/);
    } finally {
      user.disconnect();
      anonymous.disconnect();
      await server.stop();
      await certs.remove();
    }
  });
});
