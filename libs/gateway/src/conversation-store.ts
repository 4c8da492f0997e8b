import { redisNamespace } from '@flywheel/contracts';
import { withTimeout } from '@flywheel/status-store';
import type { Redis } from 'ioredis';

/** How long a request waits for the memory before it is served as a new conversation: Redis stalled must not stall the gateway. */
const LOOKUP_WAIT_MS = 500;

/** Which upstream served a conversation's last turn (the `continuity` criterion's memory). */
export interface ConversationStore {
  /** The upstream of the conversation's last answered turn; null when none is remembered (new, expired or evicted). Rejects when Redis does not answer within LOOKUP_WAIT_MS. */
  modelOf(conversationId: string): Promise<string | null>;
  /** Records the upstream that answered a turn; its memory lasts the TTL from now. */
  remember(conversationId: string, model: string): Promise<void>;
}

export interface RedisConversationStoreOptions {
  run: string;
  /** Seconds a conversation is remembered after its last turn (`gateway.conversationTtlSeconds`). */
  ttlSeconds: number;
  /** Most conversations remembered; past it the least recently served are forgotten (`gateway.maxConversations`). */
  maxConversations: number;
  /** Epoch ms; injectable for tests. */
  now?: () => number;
}

/**
 * The memory in Redis, shared by every gateway of the run: one key per conversation with a TTL
 * (`gatewayConversation(id)`), and a sorted set of the ids by last use that caps their number.
 * The cap is approximate under concurrent writes (trimmed after the write, not in it).
 */
export function createRedisConversationStore(redis: Redis, options: RedisConversationStoreOptions): ConversationStore {
  const keys = redisNamespace(options.run);
  const now = options.now ?? Date.now;
  return {
    async modelOf(conversationId) {
      return withTimeout(redis.get(keys.gatewayConversation(conversationId)), LOOKUP_WAIT_MS, 'conversation memory');
    },
    async remember(conversationId, model) {
      const at = now();
      const results = await redis
        .multi()
        .set(keys.gatewayConversation(conversationId), model, 'EX', options.ttlSeconds)
        .zadd(keys.gatewayConversations, at, conversationId)
        .zremrangebyscore(keys.gatewayConversations, '-inf', at - options.ttlSeconds * 1000)
        .zcard(keys.gatewayConversations)
        .exec();
      const failed = results?.find(([error]) => error);
      if (failed) throw failed[0];
      const size = Number(results?.[3]?.[1] ?? 0);
      if (size <= options.maxConversations) return;
      const evicted = (await redis.zpopmin(keys.gatewayConversations, size - options.maxConversations)).filter((_, index) => index % 2 === 0);
      if (evicted.length) await redis.del(...evicted.map((id) => keys.gatewayConversation(id)));
    },
  };
}
