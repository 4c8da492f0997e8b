import net from 'node:net';

/**
 * Whether binding `host` keeps the API on this machine: `localhost`, 127.0.0.0/8, `::1`
 * (in any spelling, brackets allowed) or an IPv4-mapped 127.x address. Anything else,
 * including 0.0.0.0 and `::`, is reachable from the network.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (!net.isIPv6(h)) return false;
  // The URL parser writes an IPv6 address in its one canonical (shortest) form.
  const canonical = new URL(`http://[${h}]/`).hostname.slice(1, -1);
  if (canonical === '::1') return true;
  const mapped = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(canonical);
  return mapped !== null && parseInt(mapped[1]!, 16) >> 8 === 127;
}
