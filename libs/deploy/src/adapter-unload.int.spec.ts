// unloadOldAdapters against a real HTTP server that lists adapters as vLLM does (`root`: the
// path each was loaded from, `parent`: the base model) and fails every unload.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startJsonServer, type JsonHttpServer } from '@flywheel/testing';
import { unloadOldAdapters } from './adapter-retention.js';
import { loraServer } from './server-control.js';

const servingDir = '/srv/flywheel/serving';
let server: JsonHttpServer;
beforeAll(async () => {
  server = await startJsonServer((request) => {
    if (request.url === '/v1/models') {
      return { body: { object: 'list', data: [
        { id: 'base', root: '/models/base', parent: null },
        { id: 'checkpoint-100', root: `${servingDir}/checkpoints/checkpoint-100`, parent: 'base' },
        { id: 'checkpoint-200', root: `${servingDir}/checkpoints/checkpoint-200`, parent: 'base' },
        // An evaluator's, loaded from the checkpoints folder: not this deployer's to unload.
        { id: 'checkpoint-150', root: '/srv/flywheel/current_model/checkpoint-150', parent: 'base' },
      ] } };
    }
    return { status: 500, body: 'out of memory' };
  });
});
afterAll(() => server.close());

describe('hostile input: unloadOldAdapters (only its own adapters, beyond the count)', () => {
  it('asks to unload only its own adapters beyond the count, and reports a failed unload instead of throwing', async () => {
    const result = await unloadOldAdapters(loraServer({ baseUrl: server.url, timeoutMs: 5_000 }), servingDir, {
      serving: 'checkpoint-200', previous: 'checkpoint-100', champions: ['checkpoint-100'], keep: 1,
    });
    expect(result).toEqual({ unloaded: [], error: 'unloading adapter checkpoint-100 failed: 500 out of memory' });
    const unloads = server.requests.filter((r) => r.url === '/v1/unload_lora_adapter').map((r) => r.body);
    expect(unloads).toEqual([{ lora_name: 'checkpoint-100' }]);
  });

  it('reports a server that cannot list its adapters', async () => {
    const result = await unloadOldAdapters(loraServer({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 2_000 }), servingDir, {
      serving: 'checkpoint-200', previous: null, champions: [], keep: 2,
    });
    expect(result.unloaded).toEqual([]);
    expect(result.error).toMatch(/^could not list the loaded adapters: /);
  });
});
