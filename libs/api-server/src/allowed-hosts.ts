import type { RequestHandler } from 'express';

/** Names a browser on this machine uses for the API; a DNS-rebinding page never has them as its Host. */
export const LOOPBACK_HOST_NAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

const WILDCARDS = new Set(['', '0.0.0.0', '::', '[::]']);

/** A `Host` value or a configured name as compared: lower case, port dropped, IPv6 in brackets. */
export function hostNameOf(value: string): string {
  const host = value.trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  // A bare IPv6 address (a configured `::1`) has colons but no port.
  if (host.split(':').length > 2) return `[${host}]`;
  return host.split(':')[0]!;
}

/**
 * The host names the API answers: the loopback names, the bound address unless it is a
 * wildcard (`0.0.0.0`, `::`: no name of its own), and the configured `api.allowedHosts`.
 */
export function allowedHostNames(bindHost: string | undefined, configured: readonly string[] = []): Set<string> {
  const names = new Set(LOOPBACK_HOST_NAMES);
  const bound = hostNameOf(bindHost ?? '127.0.0.1');
  if (!WILDCARDS.has(bound)) names.add(bound);
  for (const name of configured) names.add(hostNameOf(name));
  return names;
}

/**
 * Refuses a request whose `Host` is not one of `allowed` with 421 (Misdirected Request).
 * Through DNS rebinding any web page can make the browser send requests to this port under the
 * page's own host name, with the page allowed to read the answers; checking the name closes that.
 */
export function requireAllowedHost(allowed: ReadonlySet<string>): RequestHandler {
  const list = [...allowed].join(', ');
  return (req, res, next) => {
    const host = req.headers.host;
    if (host !== undefined && allowed.has(hostNameOf(host))) {
      next();
      return;
    }
    res.status(421).json({
      error: `host ${host === undefined ? '(none)' : JSON.stringify(host)} is not one this API answers (${list}): add its name to api.allowedHosts`,
      status: 421,
      field: 'host',
    });
  };
}
