import { type DaemonName, DEFAULT_JOB_OPTIONS, type EventName, type EventPayload, EVENTS, JOB_NAMES, QUEUE_CLIENT_OPTIONS, type RedisNamespace } from '@flywheel/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

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
    if (await this.redis.sismember(announcedKey, key)) return false;
    const subscribers = await this.redis.smembers(this.ns.subscribers(event));
    // BullMQ rejects ':' in custom ids.
    const jobId = `${event}__${key}`.replaceAll(':', '_');
    for (const daemon of subscribers) {
      await this.queue(daemon).add(JOB_NAMES[data.kind], data, { ...DEFAULT_JOB_OPTIONS, jobId });
    }
    return (await this.redis.sadd(announcedKey, key)) === 1;
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
