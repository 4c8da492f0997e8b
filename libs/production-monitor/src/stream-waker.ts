import { redisLogFields } from '@flywheel/config';
import { JOB_NAMES, QUEUE_CLIENT_OPTIONS, redisNamespace } from '@flywheel/contracts';
import { createRedis } from '@flywheel/daemon-runtime';
import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { compareStreamIds, loadCursor, streamKeys } from './stream-io.js';

export interface StreamWaker {
  /** Stops the blocking read and closes its connections. */
  stop(): Promise<void>;
}

/** Job id of the wake-up job: while one waits, further wake-ups collapse into it. */
const WAKE_ID = 'stream-wake';

/**
 * Makes production-monitor event-driven: a blocking XREAD on the gateway, feedback and manual
 * fine-tune request streams
 * (on its own connection), and whenever they hold entries past the monitor's saved cursor, a
 * job on the monitor's queue (deduplicated, so a burst of events is one pass). The check
 * after every read, even an empty one, also catches entries that arrived while a pass was
 * finishing.
 */
export function startStreamWaker(options: { redisUrl: string; redisTlsCaFile?: string; run: string; queueName: string; blockMs?: number; logger: Logger }): StreamWaker {
  const { run, logger } = options;
  const blockMs = options.blockMs ?? 1000;
  const keys = { ...streamKeys(run), requests: redisNamespace(run).fineTuneRequests };
  const settings = { url: options.redisUrl, tlsCaFile: options.redisTlsCaFile };
  const reader = createRedis(settings, 'daemon');
  const commands = createRedis(settings, 'daemon');
  for (const client of [reader, commands]) client.on('error', (error) => logger.warn(redisLogFields(error), 'stream waker: redis error'));
  const queue = new Queue(options.queueName, { connection: commands, prefix: redisNamespace(run).queuePrefix, ...QUEUE_CLIENT_OPTIONS });
  queue.on('error', (error) => logger.warn(redisLogFields(error), 'stream waker: queue error'));
  let stopped = false;

  const tipOf = async (key: string) => ((await commands.xrevrange(key, '+', '-', 'COUNT', 1)) as [string, string[]][])[0]?.[0] ?? '0-0';

  const loop = (async () => {
    let seen: { gateway: string; feedback: string; requests: string } | null = null;
    while (!stopped) {
      try {
        seen ??= { gateway: await tipOf(keys.gateway), feedback: await tipOf(keys.feedback), requests: await tipOf(keys.requests) };
        const reply = (await reader.xread('COUNT', 1000, 'BLOCK', blockMs, 'STREAMS', keys.gateway, keys.feedback, keys.requests, seen.gateway, seen.feedback, seen.requests)) as
          | [string, [string, string[]][]][]
          | null;
        for (const [key, entries] of reply ?? []) {
          const last = entries.at(-1)?.[0];
          if (!last) continue;
          if (key === keys.gateway) seen.gateway = last;
          else if (key === keys.feedback) seen.feedback = last;
          else seen.requests = last;
        }
        if (stopped) break;
        const cursor = await loadCursor(commands, run).catch(() => null);
        const behind =
          !cursor
            ? seen.gateway !== '0-0' || seen.feedback !== '0-0' || seen.requests !== '0-0'
            : compareStreamIds(seen.gateway, cursor.gateway) > 0 ||
              compareStreamIds(seen.feedback, cursor.feedback) > 0 ||
              compareStreamIds(seen.requests, cursor.fine_tune_requests ?? '0-0') > 0;
        if (behind) {
          await queue.add(JOB_NAMES.tick, { kind: 'tick' }, { jobId: WAKE_ID, attempts: 1, removeOnComplete: true, removeOnFail: true });
        }
      } catch (error) {
        if (stopped) break;
        logger.warn({ err: error }, 'stream waker: read failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, blockMs));
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      // The blocking read ends within blockMs; disconnecting ends it at once.
      reader.disconnect();
      await loop.catch(() => undefined);
      await queue.close();
      await commands.quit().catch(() => commands.disconnect());
    },
  };
}
