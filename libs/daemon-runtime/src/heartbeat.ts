import { Heartbeat, type DaemonName, type RedisNamespace } from '@flywheel/contracts';
import type { Redis } from 'ioredis';
import os from 'node:os';
import type { Logger } from 'pino';

type LastJob = Heartbeat['lastJob'];

/**
 * Publishes the daemon's heartbeat every `everySeconds`, with a TTL of three beats: a daemon
 * that dies simply disappears from `/api/status` a little later.
 */
export class HeartbeatPublisher {
  private timer: NodeJS.Timeout | undefined;
  private state: Heartbeat['state'] = 'idle';
  private lastJob: LastJob = null;
  private readonly startedAt = new Date().toISOString();

  constructor(
    private readonly redis: Redis,
    private readonly ns: RedisNamespace,
    private readonly identity: { daemon: DaemonName; run: string; intervalSeconds: number | null },
    private readonly everySeconds: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), this.everySeconds * 1000);
    this.timer.unref();
  }

  update(state: Heartbeat['state'], lastJob?: LastJob): void {
    this.state = state;
    if (lastJob !== undefined) this.lastJob = lastJob;
    void this.beat();
  }

  /** Stops beating and removes the heartbeat, so the daemon shows as stopped at once. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.del(this.ns.heartbeat(this.identity.daemon)).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    const heartbeat: Heartbeat = {
      ...this.identity,
      pid: process.pid,
      host: os.hostname(),
      startedAt: this.startedAt,
      beatAt: new Date().toISOString(),
      state: this.state,
      lastJob: this.lastJob,
    };
    const ttl = Math.max(1, Math.ceil(this.everySeconds * 3));
    try {
      await this.redis.set(this.ns.heartbeat(this.identity.daemon), JSON.stringify(heartbeat), 'EX', ttl);
    } catch (error) {
      this.logger.warn({ err: error }, 'heartbeat not published');
    }
  }
}
