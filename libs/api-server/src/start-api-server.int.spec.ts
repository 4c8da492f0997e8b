import { describe, expect, it } from '@jest/globals';
import { createStatusStore } from '@flywheel/status-store';
import { freePort, tempDir } from '@flywheel/testing';
import net from 'node:net';
import { pino } from 'pino';
import { createApiApp } from './create-api-app.js';
import { startApiServer } from './start-api-server.js';
import { bodyOf } from './status-bodies.fixture.js';

const logger = pino({ level: 'silent' });

async function appIn(dir: string) {
  const statusStore = createStatusStore({ statusDir: dir, run: 'http', logger });
  return { statusStore, app: createApiApp({ statusStore, run: 'http', staleFactor: 2, staleAfterSeconds: 1800, logger }) };
}

function connects(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('startApiServer', () => {
  it('binds 127.0.0.1 by default and serves real HTTP until closed', async () => {
    const { dir, remove } = await tempDir('api-http');
    try {
      const { app, statusStore } = await appIn(dir);
      const written = await statusStore.write('regression', bodyOf('regression'));
      const port = await freePort();
      const running = await startApiServer(app, { port });
      expect(running.server.address()).toEqual({ address: '127.0.0.1', family: 'IPv4', port });
      expect(running.url).toBe(`http://127.0.0.1:${port}`);

      const res = await fetch(`${running.url}/api/regression`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(written);
      const status = (await (await fetch(`${running.url}/api/status`)).json()) as { statuses: { regression: { state: string } } };
      expect(status.statuses.regression.state).toBe('present');
      const unknown = await fetch(`${running.url}/nope`);
      expect([unknown.status, await unknown.json()]).toEqual([404, { error: 'not found', path: '/nope' }]);

      // fetch keeps its connection alive; close() must not wait for it to time out.
      await running.close();
      expect(await connects(port, '127.0.0.1')).toBe(false);
    } finally {
      await remove();
    }
  });

  describe('hostile input: non-loopback bind', () => {
    it('refuses a non-loopback bind without a read token (the mutating token alone is not enough), and allows it with one', async () => {
      const { dir, remove } = await tempDir('api-bind');
      try {
        const { app } = await appIn(dir);
        const port = await freePort();
        const refusal =
          'refusing to listen on 0.0.0.0: only loopback (127.0.0.0/8, ::1, localhost) may be bound without a read token; ' +
          'set api.readToken (env FLYWHEEL_API_READ_TOKEN) or bind api.host to 127.0.0.1';
        await expect(startApiServer(app, { host: '0.0.0.0', port })).rejects.toThrow(refusal);
        await expect(startApiServer(app, { host: '0.0.0.0', port, token: 'a-long-enough-test-token' } as never)).rejects.toThrow(refusal);
        expect(await connects(port, '127.0.0.1')).toBe(false);

        const running = await startApiServer(app, { host: '0.0.0.0', port, readToken: 'a-long-enough-read-token' });
        try {
          expect(running.server.address()).toMatchObject({ address: '0.0.0.0', port });
          expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
        } finally {
          await running.close();
        }
      } finally {
        await remove();
      }
    });
  });

  it('rejects when the port is taken', async () => {
    const { dir, remove } = await tempDir('api-taken');
    const { app } = await appIn(dir);
    const first = await startApiServer(app, { port: 0 });
    try {
      const port = Number(new URL(first.url).port);
      await expect(startApiServer(app, { port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await first.close();
      await remove();
    }
  });
});
