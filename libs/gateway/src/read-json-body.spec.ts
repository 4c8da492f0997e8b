import { describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BodyError, readJsonBody } from './read-json-body.js';

/** Posts `body` to a real server that reads it with a 16-byte limit; resolves with what it read or refused. */
async function post(body: string): Promise<unknown> {
  let outcome: unknown;
  const server = http.createServer(async (req, res) => {
    try {
      outcome = await readJsonBody(req, 16);
    } catch (error) {
      outcome = error instanceof BodyError ? [error.status, error.message] : error;
    }
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { method: 'POST', body });
  } finally {
    server.close();
  }
  return outcome;
}

describe('readJsonBody', () => {
  it('parses JSON within the limit, and refuses a body that is too large or not JSON', async () => {
    expect(await post('{"a":[1,2]}')).toEqual({ a: [1, 2] });
    expect(await post('{"a":"0123456789abcdef"}')).toEqual([413, 'request body over 16 bytes']);
    expect(await post('{"a":')).toEqual([400, expect.stringMatching(/^the request body is not JSON: /)]);
  });
});
