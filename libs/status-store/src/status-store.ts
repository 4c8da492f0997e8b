import {
  redisNamespace,
  STATUS_FILES,
  STATUS_IDS,
  type StatusBody,
  type StatusId,
  type StatusOf,
} from '@flywheel/contracts';
import type { Redis } from 'ioredis';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { writeFileAtomic } from './atomic-write.js';
import { publishStatus } from './publish-status.js';
import { parseStatusText, pickNewer, type StatusRead } from './status-read.js';
import type { StatusUpdateMessage } from '@flywheel/contracts';
import { StatusValidationError, toFieldIssues } from './status-validation-error.js';
import { subscribeStatusUpdates, type StatusSubscription } from './subscribe-status.js';
import { withTimeout } from './with-timeout.js';

export interface StatusStoreOptions {
  /** The run's status folder (already resolved for the run); created on the first write. */
  statusDir: string;
  /** Run name: scopes the Redis keys. */
  run: string;
  /** When given, every write is also published to Redis and reads consider the Redis copy. */
  redis?: Redis;
  /** Where Redis trouble is reported. @defaultValue a pino logger on stdout */
  logger?: Logger;
  /** Clock for `last_update`. @defaultValue `() => new Date()` */
  now?: () => Date;
  /** How long a Redis command may take before it counts as failed, in ms. @defaultValue 2000 */
  redisTimeoutMs?: number;
}

/** Every status id with what reading it gave. */
export type AllStatusReads = { [Id in StatusId]: StatusRead<Id> };

/** Reads and writes the run's status files (see `createStatusStore`). */
export interface StatusStore {
  readonly statusDir: string;
  readonly run: string;
  /** Absolute path of a status file. */
  fileOf(id: StatusId): string;
  /**
   * Stamps `last_update` and `schema_version`, validates, writes the file atomically, then
   * publishes it to Redis. Resolves to the stamped status.
   * @throws StatusValidationError when the body does not match the schema (nothing written)
   */
  write<Id extends StatusId>(id: Id, body: StatusBody<Id>): Promise<StatusOf<Id>>;
  /** The newer of the file and the Redis copy; never throws for a bad or missing copy. */
  read<Id extends StatusId>(id: Id): Promise<StatusRead<Id>>;
  /** `read` of every status id. */
  readAll(): Promise<AllStatusReads>;
  /**
   * Calls `onChange` for every status write announced on Redis (from any host) until the
   * subscription is closed. Needs `redis`.
   */
  subscribe(onChange: (update: StatusUpdateMessage) => void): Promise<StatusSubscription>;
}

/**
 * The status store: the one way flywheel writes and reads status files. The file is the
 * record; Redis carries a copy so an API on another host sees each write at once.
 */
export function createStatusStore(options: StatusStoreOptions): StatusStore {
  const { statusDir, run, redis } = options;
  const logger = (options.logger ?? pino()).child({ component: 'status-store' });
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.redisTimeoutMs ?? 2_000;
  const ns = redisNamespace(run);
  const fileOf = (id: StatusId) => path.join(statusDir, STATUS_FILES[id].file);

  async function write<Id extends StatusId>(id: Id, body: StatusBody<Id>): Promise<StatusOf<Id>> {
    const { file, schema, schemaVersion } = STATUS_FILES[id];
    // The writer's keys first, the stamp last, as docs/status-files.md shows the files.
    const stamped = { ...body, last_update: now().toISOString(), schema_version: schemaVersion };
    const result = schema.safeParse(stamped);
    if (!result.success) throw new StatusValidationError(file, toFieldIssues(result.error.issues));
    const json = JSON.stringify(stamped, null, 2);
    await writeFileAtomic(fileOf(id), `${json}\n`);
    if (redis) {
      // The file is the record and is already written: a Redis failure is reported, not
      // thrown, so a daemon keeps its status current while Redis restarts. The next write
      // publishes again.
      try {
        await publishStatus(redis, ns, json, { file, id, last_update: stamped.last_update }, timeoutMs);
      } catch (error) {
        logger.warn({ err: error, file }, 'status written to disk but not published to Redis');
      }
    }
    return stamped as unknown as StatusOf<Id>;
  }

  async function readFileCopy<Id extends StatusId>(id: Id): Promise<StatusRead<Id>> {
    const where = fileOf(id);
    let text: string;
    try {
      text = await readFile(where, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing', file: where };
      return { state: 'error', error: `${STATUS_FILES[id].file} (${where}): cannot read: ${(error as Error).message}` };
    }
    return parseStatusText(id, text, 'file', where);
  }

  async function readRedisCopy<Id extends StatusId>(id: Id): Promise<StatusRead<Id>> {
    const file = fileOf(id);
    if (!redis) return { state: 'missing', file };
    const key = ns.status(STATUS_FILES[id].file);
    let text: string | null;
    try {
      text = await withTimeout(redis.get(key), timeoutMs, `read ${key}`);
    } catch (error) {
      // Redis down is an ordinary state for the reader: the local file still serves.
      // Debug level, because the API reads on every request.
      logger.debug({ err: error, key }, 'redis copy unavailable');
      return { state: 'missing', file };
    }
    return text === null ? { state: 'missing', file } : parseStatusText(id, text, 'redis', `redis ${key}`);
  }

  async function read<Id extends StatusId>(id: Id): Promise<StatusRead<Id>> {
    const [fromFile, fromRedis] = await Promise.all([readFileCopy(id), readRedisCopy(id)]);
    return pickNewer(fromFile, fromRedis);
  }

  async function readAll(): Promise<AllStatusReads> {
    const reads = await Promise.all(STATUS_IDS.map(async (id) => [id, await read(id)] as const));
    return Object.fromEntries(reads) as AllStatusReads;
  }

  async function subscribe(onChange: (update: StatusUpdateMessage) => void): Promise<StatusSubscription> {
    if (!redis) throw new Error('status-store: subscribe needs a Redis client (createStatusStore({ redis }))');
    return subscribeStatusUpdates(redis, ns, onChange, logger, timeoutMs);
  }

  return { statusDir, run, fileOf, write, read, readAll, subscribe };
}
