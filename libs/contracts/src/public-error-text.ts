/**
 * What an error body sent to a client may say. Error messages are written for operators and
 * often carry where things live: absolute paths (`/srv/TRAINING/status/…`, an fs error's
 * `open '/home/…'`), upstream and Redis URLs (with credentials, sometimes) and internal
 * addresses (`ECONNREFUSED 10.0.0.5:8000`). A client needs what failed, not where; the full
 * text stays in the server's log. Used by the API's and the gateway's error answers.
 */

// Ends before a trailing `:` or `.`, which belong to the sentence ("http://h:8000: ECONNREFUSED").
const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"()<>,;]*[^\s'"()<>,;:.]/gi;
// host:port (IPv4, or a bracketed IPv6) as node's socket errors print it.
const ADDRESS_PATTERN = /(?:\b\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\]):\d{1,5}\b/gi;
// An absolute POSIX path of at least two segments, at the start or after a space, quote, paren, `=` or `:`.
const PATH_PATTERN = /(^|[\s'"(=:])(\/(?:[^\s'"()/:,;]+\/)+[^\s'"():,;]*)/g;
/** Paths a client itself asked for (its own request line): routes, not places on the disk. */
const ROUTE_PREFIXES = ['/api/', '/v1/', '/admin/', '/vendor/', '/performance/', '/evaluations/'];

/** `text` with URLs, host:port addresses and absolute file paths replaced (a path by its last part). */
export function publicErrorText(text: string): string {
  return text
    .replace(URL_PATTERN, '[url]')
    .replace(ADDRESS_PATTERN, '[address]')
    .replace(PATH_PATTERN, (whole, before: string, path: string) => {
      if (ROUTE_PREFIXES.some((prefix) => path.startsWith(prefix))) return whole;
      const name = path.replace(/\/+$/, '').split('/').pop() ?? '';
      return `${before}${name || '[path]'}`;
    });
}

/** A JSON value with `publicErrorText` applied to every string in it (keys are left as they are). */
export function publicErrorBody<T>(value: T): T {
  if (typeof value === 'string') return publicErrorText(value) as T;
  if (Array.isArray(value)) return value.map((item) => publicErrorBody(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, publicErrorBody(item)])) as T;
  }
  return value;
}
