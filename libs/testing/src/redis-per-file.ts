import type * as JestGlobals from '@jest/globals';
import { Redis, type RedisOptions } from 'ioredis';
import { startRedis, type PrivateRedis } from './redis-server.js';

export interface RedisPerFile {
  /** The private server; set once `beforeAll` has run. */
  server: PrivateRedis;
  /** A client connected to it, ready for commands. */
  client: Redis;
}

/**
 * A private redis-server and one ready client for the calling test file, started in its
 * `beforeAll` and stopped in its `afterAll`. Read the fields inside tests, not at load time.
 */
export function redisPerFile(clientOptions: RedisOptions = {}): RedisPerFile {
  // Jest's injected globals, read at call time: importing @jest/globals would break every
  // non-jest user of this lib (benchmarks import startRedis from here).
  const { beforeAll, afterAll } = globalThis as unknown as typeof JestGlobals;
  const context = {} as RedisPerFile;
  beforeAll(async () => {
    context.server = await startRedis();
    context.client = new Redis(context.server.url, clientOptions);
    // With enableOfflineQueue off a command before 'ready' fails, so hand over a ready client.
    if (context.client.status !== 'ready') await new Promise((resolve) => context.client.once('ready', resolve));
  });
  afterAll(async () => {
    context.client?.disconnect();
    await context.server?.stop();
  });
  return context;
}
