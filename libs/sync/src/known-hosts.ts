import { createHash, createHmac } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';

/** How known_hosts names a host: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** OpenSSH's fingerprint of a public key blob: `SHA256:<base64 without padding>`. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type inside a public key blob (its first SSH string). */
export function keyType(key: Buffer): string {
  const length = key.readUInt32BE(0);
  return key.subarray(4, 4 + length).toString('ascii');
}

function hostMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    // Hashed entry: |1|base64(salt)|base64(HMAC-SHA1(salt, name)).
    const [, , salt, hash] = pattern.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  return pattern.split(',').some((p) => p === name);
}

export type HostKeyCheck =
  | { verdict: 'known' }
  | { verdict: 'unknown' }
  | { verdict: 'changed'; line: number };

/** Compares the key a host presented with the known_hosts entries for its name. */
export function checkHostKey(knownHosts: string, name: string, key: Buffer): HostKeyCheck {
  let mismatch: number | null = null;
  knownHosts.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('@')) return;
    const [hosts, type, blob] = line.split(/\s+/);
    if (!hosts || !type || !blob || !hostMatches(hosts, name)) return;
    if (type === keyType(key) && Buffer.from(blob, 'base64').equals(key)) mismatch = -1;
    else if (mismatch === null) mismatch = index + 1;
  });
  if (mismatch === -1) return { verdict: 'known' };
  if (mismatch !== null) return { verdict: 'changed', line: mismatch };
  return { verdict: 'unknown' };
}

export interface HostKeyPolicy {
  knownHostsFile: string;
  host: string;
  port: number;
  acceptNew: boolean;
}

/**
 * Decides whether to trust the key a host presents, as ssh with StrictHostKeyChecking=yes
 * (or accept-new, when asked). Returns null to accept, or the refusal, worded so the reader
 * knows what to do.
 */
export async function verifyHostKey(policy: HostKeyPolicy, key: Buffer): Promise<string | null> {
  const name = knownHostsName(policy.host, policy.port);
  const text = await readFile(policy.knownHostsFile, 'utf8').catch(() => '');
  const check = checkHostKey(text, name, key);
  const print = `${keyType(key)} ${fingerprint(key)}`;
  if (check.verdict === 'known') return null;
  if (check.verdict === 'changed') {
    return (
      `host key for ${name} has CHANGED (now ${print}; ${policy.knownHostsFile} line ${check.line} has another key). ` +
      `This can be a man-in-the-middle attack. If the host was really reinstalled, remove the old key with ` +
      `ssh-keygen -R '${name}' -f ${policy.knownHostsFile} and connect again.`
    );
  }
  if (policy.acceptNew) {
    await appendFile(policy.knownHostsFile, `${name} ${keyType(key)} ${key.toString('base64')}\n`);
    return null;
  }
  return (
    `host key for ${name} is unknown (${print}) and not in ${policy.knownHostsFile}. Check the fingerprint with the ` +
    `host's administrator, then add it: ssh-keyscan -p ${policy.port} ${policy.host} >> ${policy.knownHostsFile} ` +
    `(or run once with --accept-new-host-key).`
  );
}
