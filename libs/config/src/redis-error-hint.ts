/**
 * The message of an error, also of one from another realm (jest's VM modules: node's own
 * errors there fail `instanceof Error`).
 */
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

function isErrorLike(error: unknown): error is Error {
  return error instanceof Error || (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string');
}

/** Node's codes for a certificate chain that does not lead to a trusted CA. */
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
]);

/**
 * What to change when a Redis connection fails for a reason the operator can fix in the
 * configuration; undefined for the rest (Redis down, network). The raw messages
 * ("WRONGPASS invalid username-password pair", "self-signed certificate in certificate chain")
 * do not say which setting is at fault.
 */
export function redisErrorHint(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? '';
  const message = messageOf(error);
  if (UNTRUSTED.has(code)) return "the Redis server's TLS certificate is not trusted: set redis.tlsCaFile to the CA that signed it";
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return "the Redis server's TLS certificate does not name the host in redis.url";
  if (code === 'CERT_HAS_EXPIRED') return "the Redis server's TLS certificate has expired";
  if (/^WRONGPASS|^NOAUTH|invalid password|invalid username-password/i.test(message)) return 'Redis refused the credentials: check the user and password in redis.url';
  if (/^NOPERM/.test(message)) return "the Redis ACL user in redis.url lacks a permission this process needs";
  return undefined;
}

/** The error's message with the hint, if any, for one-line reports (CLI, status). */
export function describeRedisError(error: unknown): string {
  const message = messageOf(error);
  const hint = redisErrorHint(error);
  return hint ? `${message} (${hint})` : message;
}

/**
 * The error as it may be logged. ioredis puts the failed command on its reply errors, with
 * its arguments, and for AUTH and HELLO those are the ACL user and the password: pino's error
 * serializer would write them to the log. The copy keeps the command's name only.
 */
export function redisErrorForLog(error: unknown): unknown {
  if (!isErrorLike(error)) return error;
  const command = (error as { command?: { name?: unknown } }).command;
  if (command === undefined) return error;
  const safe = new Error(error.message);
  safe.name = error.name;
  if (error.stack !== undefined) safe.stack = error.stack;
  const code = (error as NodeJS.ErrnoException).code;
  return Object.assign(safe, code === undefined ? {} : { code }, { command: { name: command?.name } });
}

/** `{ err, hint }` for a log line about a Redis error: no credentials, and what to fix if it is a setting. */
export function redisLogFields(error: unknown): { err: unknown; hint?: string } {
  const hint = redisErrorHint(error);
  return hint === undefined ? { err: redisErrorForLog(error) } : { err: redisErrorForLog(error), hint };
}
