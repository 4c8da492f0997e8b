import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, type SFTPWrapper } from 'ssh2';
import { verifyHostKey } from './known-hosts.js';

export interface SshTarget {
  /** `user@host` (user defaults to the local user). */
  remoteHost: string;
  port: number;
  identityFile?: string;
  knownHostsFile: string;
  acceptNewHostKey: boolean;
  /** Seconds before giving up on connecting. */
  readyTimeoutSeconds?: number;
  /** SFTP channels to open (sshd allows 10 sessions per connection by default). @defaultValue 4 */
  channels?: number;
}

export interface SshSession {
  sftp: SFTPWrapper;
  /** Every SFTP channel of the session (`sftp` is the first): transfers spread over them. */
  channels: SFTPWrapper[];
  /** Runs a command on the remote host (its shell parses it: quote every argument with `shellQuote`). */
  exec(command: string): Promise<{ code: number; stdout: string; stderr: string }>;
  close(): void;
}

export const expandHome = (p: string) => (p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p);

/** A single-quoted shell word: the remote shell sees exactly `value`. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function parseRemoteHost(remoteHost: string): { user: string; host: string } {
  const at = remoteHost.lastIndexOf('@');
  return at > 0 ? { user: remoteHost.slice(0, at), host: remoteHost.slice(at + 1) } : { user: os.userInfo().username, host: remoteHost };
}

async function privateKey(identityFile: string | undefined): Promise<Buffer | undefined> {
  if (identityFile) return readFile(expandHome(identityFile));
  if (process.env['SSH_AUTH_SOCK']) return undefined;
  for (const name of ['id_ed25519', 'id_rsa']) {
    const file = path.join(os.homedir(), '.ssh', name);
    const key = await readFile(file).catch(() => null);
    if (key) return key;
  }
  throw new Error('no SSH key: set sync.identityFile (--identity-file) or run an ssh-agent (SSH_AUTH_SOCK)');
}

/**
 * Opens SSH + SFTP to the training host. The host key must be in known_hosts (or, with
 * acceptNewHostKey, be the first for that host); anything else is refused before any
 * authentication. Keys and passphrases are never logged.
 */
export async function openSshSession(target: SshTarget): Promise<SshSession> {
  const { user, host } = parseRemoteHost(target.remoteHost);
  const key = await privateKey(target.identityFile);
  const client = new Client();
  let refusal: string | null = null;
  const policy = { knownHostsFile: expandHome(target.knownHostsFile), host, port: target.port, acceptNew: target.acceptNewHostKey };
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('error', (error) => reject(refusal ? new Error(refusal) : new Error(`ssh ${user}@${host}:${target.port}: ${error.message}`)));
    client.connect({
      host,
      port: target.port,
      username: user,
      privateKey: key,
      agent: key ? undefined : process.env['SSH_AUTH_SOCK'],
      readyTimeout: (target.readyTimeoutSeconds ?? 20) * 1000,
      hostVerifier: (hostKey: Buffer, verify: (ok: boolean) => void) => {
        verifyHostKey(policy, hostKey).then(
          (why) => {
            refusal = why;
            verify(why === null);
          },
          (error: Error) => {
            refusal = `cannot check the host key: ${error.message}`;
            verify(false);
          },
        );
      },
    });
  });
  const open = () => new Promise<SFTPWrapper>((resolve, reject) => client.sftp((error, s) => (error ? reject(error) : resolve(s))));
  const channels = await Promise.all(Array.from({ length: Math.max(1, target.channels ?? 4) }, open));
  return {
    sftp: channels[0]!,
    channels,
    exec: (command) =>
      new Promise((resolve, reject) => {
        client.exec(command, (error, stream) => {
          if (error) return reject(error);
          let stdout = '';
          let stderr = '';
          stream.on('data', (c: Buffer) => (stdout += c.toString()));
          stream.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
          stream.on('close', (code: number | null) => resolve({ code: code ?? -1, stdout, stderr }));
        });
      }),
    close: () => client.end(),
  };
}
