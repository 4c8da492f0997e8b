import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';

/** What a process needs to reach Redis: `config.redis`. */
export interface RedisSettings {
  url: string;
  tlsCaFile?: string;
}

/** The part of an ioredis client's options that comes from the settings rather than the URL. */
export interface RedisClientOptions {
  tls?: ConnectionOptions;
}

/**
 * Options to hand to `new Redis(settings.url, …)` next to the URL. The URL already carries the
 * user, password, host, port and db, and `rediss://` turns TLS on; what it cannot carry is a
 * private CA. Node verifies the server's certificate and host name by default, and nothing
 * here turns that off: a CA file *replaces* the system CAs for this connection, so only a
 * server signed by that CA is trusted. Throws, naming the setting, when the file is unusable.
 */
export function redisClientOptions(settings: RedisSettings): RedisClientOptions {
  if (!settings.url.startsWith('rediss://')) return {};
  if (settings.tlsCaFile === undefined) return { tls: {} };
  const read = readCaFile(settings.tlsCaFile);
  if (typeof read === 'string') throw new Error(`redis.tlsCaFile: ${read}`);
  return { tls: { ca: read } };
}

/** The CA file's contents, or why it cannot be used (for the config loader's problem list). */
export function readCaFile(file: string): Buffer | string {
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `CA file ${file} does not exist` : `cannot read CA file ${file}: ${(error as Error).message}`;
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) return `CA file ${file} holds no PEM certificate ("-----BEGIN CERTIFICATE-----")`;
  return pem;
}
