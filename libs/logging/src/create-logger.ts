import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pino, type Logger, type LevelWithSilent, type StreamEntry } from 'pino';
import type PinoPretty from 'pino-pretty';
import { redisErrorForLog } from '@flywheel/config';
import type { Rotation } from '@flywheel/status-store';
import { rotatingDestination } from './rotating-destination.js';

// pino-pretty costs a daemon ~10 MB of memory; under pm2 or compose stdout is no terminal and
// it is never used, so it is loaded only when it is.
const loadPretty = () => createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;

export interface LoggerOptions {
  /** The daemon's name: the log file is `<logsDir>/<name>.log` and every line carries `daemon`. */
  name: string;
  logsDir: string;
  /** @defaultValue "info" */
  level?: LevelWithSilent;
  /** Human-readable stdout. @defaultValue whether stdout is a terminal */
  pretty?: boolean;
  /** Also write to stdout. @defaultValue true */
  stdout?: boolean;
  /** How the log file is rotated by size (config `retention.log*`). @defaultValue the config defaults */
  rotation?: Rotation;
}

/** Field paths whose values never reach a log line. */
export const REDACTED_PATHS = [
  'token', '*.token', 'readToken', '*.readToken', 'password', '*.password', 'apiKey', '*.apiKey', 'authorization', '*.authorization',
  'headers.authorization', 'req.headers.authorization', 'req.headers.cookie', 'privateKey', '*.privateKey',
  'passphrase', '*.passphrase', 'secret', '*.secret',
];

/**
 * A log line's fields with every error in them stripped of what must not be logged: ioredis
 * puts the failed command, with its arguments, on its reply errors, and for AUTH and HELLO those
 * are the ACL user and the password. Done here, for whatever key an error is logged under, so
 * that a call site that forgets `redisLogFields` cannot leak them.
 */
export function safeLogFields(fields: Record<string, unknown>): Record<string, unknown> {
  let safe = fields;
  for (const [key, value] of Object.entries(fields)) {
    const stripped = redisErrorForLog(value);
    if (stripped === value) continue;
    if (safe === fields) safe = { ...fields };
    // `err` still goes through pino's error serializer; other keys would lose the message.
    safe[key] = key === 'err' ? stripped : pino.stdSerializers.err(stripped as Error);
  }
  return safe;
}

/**
 * The root logger of a process: JSON lines appended to `<logsDir>/<name>.log` and to stdout
 * (pretty on a terminal). The file is written synchronously so that a `fatal` line logged
 * right before `process.exit` is on disk — daemons log little, so the cost does not matter —
 * and rotated by size (`<name>.log.1` …, `options.rotation`), so it never grows without bound.
 */
export function createLogger(options: LoggerOptions): Logger {
  mkdirSync(options.logsDir, { recursive: true });
  const level = options.level ?? 'info';
  // Streams take a real level; "silent" is enforced by the logger itself.
  const streamLevel = level === 'silent' ? 'fatal' : level;
  const streams: StreamEntry[] = [
    { level: streamLevel, stream: rotatingDestination(path.join(options.logsDir, `${options.name}.log`), options.rotation) },
  ];
  if (options.stdout ?? true) {
    const usePretty = options.pretty ?? Boolean(process.stdout.isTTY);
    streams.push({
      level: streamLevel,
      stream: usePretty ? loadPretty()({ colorize: true, sync: true }) : pino.destination({ dest: 1, sync: true }),
    });
  }
  return pino(
    {
      level,
      base: { daemon: options.name, pid: process.pid, hostname: undefined },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: (error: Error) => pino.stdSerializers.err(redisErrorForLog(error) as Error) },
      formatters: { log: safeLogFields },
    },
    pino.multistream(streams),
  );
}

/** `redis://user:secret@host:6379` → `redis://user:[redacted]@host:6379`; other strings pass through. */
export function scrubUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = 'redacted';
    return parsed.toString().replace(':redacted@', ':[redacted]@');
  } catch {
    return url;
  }
}
