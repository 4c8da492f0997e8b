// Against a real HTTP server that accepts every connection and never answers some routes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkServing } from './health-check.js';
import { loraServer } from './server-control.js';

let server: Server;
let baseUrl: string;
/** Requests the server took and left hanging, by path. */
const hung: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/health') return void res.end('ok');
    // /v1/models, /v1/load_lora_adapter: read the request, then never answer.
    req.resume();
    hung.push(req.url ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('hostile input: deploy requests to a server that never answers', () => {
  it('checkServing: GET /v1/models gives up after the health timeout, naming the request', async () => {
    const started = Date.now();
    const result = await checkServing(baseUrl, null, 'Hello', 400);
    expect(result).toMatchObject({ healthy: true, smoke: false, detail: 'smoke prompt failed: GET /v1/models did not answer within 400 ms' });
    expect(hung).toContain('/v1/models');
    // Generous: without a timeout the call never returns (jest's own 5 s limit fails it first).
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('loraServer: the adapter load gives up after its timeout, naming the adapter and the request', async () => {
    const lora = loraServer({ baseUrl, timeoutMs: 300 });
    await expect(lora.serve({ name: 'checkpoint-100', path: '/nowhere/checkpoint-100' }))
      .rejects.toThrow('loading adapter checkpoint-100 failed: POST /v1/load_lora_adapter did not answer within 300 ms');
    expect(hung).toContain('/v1/load_lora_adapter');
  });
});
