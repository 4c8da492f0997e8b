import { redisLogFields } from '@flywheel/config';
import type { RedisNamespace } from '@flywheel/contracts';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { StatusUpdateMessage } from '@flywheel/contracts';
import { withTimeout } from './with-timeout.js';

/** An open subscription to status updates. */
export interface StatusSubscription {
  /** Unsubscribes and closes the subscription's own connection. */
  close(): Promise<void>;
}

/**
 * Subscribes to `ns.statusChannel` on a connection of its own (a subscribed ioredis
 * connection can run no other command) and calls `onChange` with each well-formed message.
 * A malformed message is logged and skipped: one bad publisher must not stop the others.
 */
export async function subscribeStatusUpdates(
  redis: Redis,
  ns: RedisNamespace,
  onChange: (update: StatusUpdateMessage) => void,
  logger: Logger,
  timeoutMs = 2_000,
): Promise<StatusSubscription> {
  const connection = redis.duplicate();
  connection.on('error', (error) => logger.warn(redisLogFields(error), 'status subscription: redis error'));
  connection.on('message', (channel: string, text: string) => {
    if (channel !== ns.statusChannel) return;
    let parsed: ReturnType<typeof StatusUpdateMessage.safeParse>;
    try {
      parsed = StatusUpdateMessage.safeParse(JSON.parse(text));
    } catch {
      logger.warn({ channel, text }, 'status update is not JSON: skipped');
      return;
    }
    if (!parsed.success) {
      logger.warn({ channel, text, issues: parsed.error.issues }, 'status update does not match its schema: skipped');
      return;
    }
    onChange(parsed.data);
  });
  try {
    await withTimeout(untilReady(connection), timeoutMs, 'status subscription: connect');
    await connection.subscribe(ns.statusChannel);
  } catch (error) {
    connection.disconnect();
    throw error;
  }
  return {
    async close() {
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}

/**
 * Resolves once `connection` can take commands. Needed because a client made without an
 * offline queue (the API's fail-fast client) hands that option to its duplicate, which then
 * rejects SUBSCRIBE until connected; and a lazyConnect client's duplicate never connects alone.
 */
export async function untilReady(connection: Redis, what = 'status subscription'): Promise<void> {
  if (connection.status === 'ready') return;
  if (connection.status === 'wait') {
    await connection.connect();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const onReady = () => {
      connection.off('end', onEnd);
      resolve();
    };
    const onEnd = () => {
      connection.off('ready', onReady);
      reject(new Error(`${what}: connection ended before it was ready`));
    };
    connection.once('ready', onReady);
    connection.once('end', onEnd);
  });
}
