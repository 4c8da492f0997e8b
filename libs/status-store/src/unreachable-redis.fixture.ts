import { freePort } from '@flywheel/testing';
import { Redis } from 'ioredis';

/**
 * A client for a port where nothing listens, with the fail-fast options the API and
 * `--once` runs use (no offline queue, no reconnect). `close()` waits for the client to give
 * up rather than calling `disconnect()` on a socket that already failed, which would leave
 * ioredis's 2 s disconnect timer running after the test.
 */
export async function unreachableRedis(): Promise<{ client: Redis; close(): Promise<void> }> {
  const client = new Redis(`redis://127.0.0.1:${await freePort()}`, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  return {
    client,
    async close() {
      if (client.status === 'wait') return client.disconnect();
      if (client.status !== 'end') await new Promise((resolve) => client.once('end', resolve));
    },
  };
}
