import { ANNOUNCED_KEYS_MAX, type DaemonName, DEFAULT_JOB_OPTIONS, type EventName, type EventPayload, EVENTS, JOB_NAMES, QUEUE_CLIENT_OPTIONS, type RedisNamespace } from '@flywheel/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

// The announced keys as a sorted set by announcement order, trimmed to the newest `keep`. A run
// from before the bound has a plain set under the same key: it becomes the sorted set first
// (its keys the oldest), atomically, so two announcers never both convert it.
const ANNOUNCED_SCRIPT = `
if redis.call('TYPE', KEYS[1]).ok == 'set' then
  local members = redis.call('SMEMBERS', KEYS[1])
  redis.call('DEL', KEYS[1])
  for _, member in ipairs(members) do redis.call('ZADD', KEYS[1], 0, member) end
end
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
if ARGV[2] == 'check' then return 1 end
local top = redis.call('ZREVRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local order = 1
if top[2] then order = tonumber(top[2]) + 1 end
redis.call('ZADD', KEYS[1], order, ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 1))
return 1
`;

/**
 * Events travel as jobs: announcing one adds a job to the queue of every daemon that
 * subscribed to it. Jobs persist in Redis, so a daemon that is restarting still gets the
 * event when it comes back (pub/sub would lose it).
 */
export class EventBus {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly redis: Redis,
    private readonly ns: RedisNamespace,
    /** Announced keys remembered per event (the newest). */
    private readonly keepAnnounced: number = ANNOUNCED_KEYS_MAX,
  ) {}

  /** Registers `daemon`'s queue as a receiver of `event`. Idempotent. */
  async subscribe(event: EventName, daemon: DaemonName): Promise<void> {
    await this.redis.sadd(this.ns.subscribers(event), daemon);
  }

  /**
   * Announces `payload` under a stable `key` (e.g. the checkpoint name) exactly once per run:
   * a key already announced is ignored, and the job id derived from the key makes a second
   * announcer racing the first a no-op in BullMQ. Returns whether this call announced it.
   */
  async announce<E extends EventName>(event: E, key: string, payload: EventPayload<E>): Promise<boolean> {
    const data = EVENTS[event].parse(payload);
    const announcedKey = this.ns.announced(event);
    if (!(await this.isUnannounced(announcedKey, key))) return false;
    const subscribers = await this.redis.smembers(this.ns.subscribers(event));
    // BullMQ rejects ':' in custom ids.
    const jobId = `${event}__${key}`.replaceAll(':', '_');
    for (const daemon of subscribers) {
      await this.queue(daemon).add(JOB_NAMES[data.kind], data, { ...DEFAULT_JOB_OPTIONS, jobId });
    }
    return this.recordAnnounced(announcedKey, key);
  }

  /** Whether `key` has not been announced yet (or has been forgotten past the bound). */
  private async isUnannounced(announcedKey: string, key: string): Promise<boolean> {
    return (await this.redis.eval(ANNOUNCED_SCRIPT, 1, announcedKey, key, 'check', String(this.keepAnnounced))) === 1;
  }

  /** Records `key` as announced, trimming to the newest `keepAnnounced`; true when this call recorded it. */
  private async recordAnnounced(announcedKey: string, key: string): Promise<boolean> {
    return (await this.redis.eval(ANNOUNCED_SCRIPT, 1, announcedKey, key, 'add', String(this.keepAnnounced))) === 1;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.redis, prefix: this.ns.queuePrefix, ...QUEUE_CLIENT_OPTIONS });
      this.queues.set(name, queue);
    }
    return queue;
  }
}
