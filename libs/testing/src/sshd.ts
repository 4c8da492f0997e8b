import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const run = promisify(execFile);
const SSHD = process.env['SSHD_BIN'] ?? '/usr/sbin/sshd';

export interface PrivateSshd {
  host: string;
  port: number;
  /** The user the tests log in as (the one running them). */
  user: string;
  /** A known_hosts file that lists this server's host key. */
  knownHostsFile: string;
  /** The known_hosts line, for tests that write their own file. */
  knownHostsLine: string;
  /** Private key file of an authorised user key (no passphrase). */
  identityFile: string;
  dir: string;
  stop(): Promise<void>;
}

/**
 * A private OpenSSH server on a free loopback port, with its own config, host key and an
 * authorised user key under a temp folder: real SSH and SFTP for sync tests, nothing shared
 * with the machine's own sshd. Needs `openssh-server` (.ci/run installs it).
 */
export async function startSshd(): Promise<PrivateSshd> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flywheel-sshd-'));
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'host_key')]);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'user_key')]);
  await writeFile(path.join(dir, 'authorized_keys'), await readFile(path.join(dir, 'user_key.pub')));
  // Privilege separation needs this folder to exist.
  await mkdir('/run/sshd', { recursive: true }).catch(() => undefined);
  const user = os.userInfo().username;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    await writeFile(
      path.join(dir, 'sshd_config'),
      [
        `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${path.join(dir, 'host_key')}`, `PidFile ${path.join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`, 'StrictModes no', 'UsePAM no', 'PasswordAuthentication no',
        'KbdInteractiveAuthentication no', 'PubkeyAuthentication yes', 'PermitRootLogin prohibit-password',
        'Subsystem sftp internal-sftp', 'LogLevel ERROR', 'MaxStartups 100', 'MaxSessions 100',
      ].join('\n') + '\n',
    );
    const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    if (await listening(port, child)) {
      const hostKey = (await readFile(path.join(dir, 'host_key.pub'), 'utf8')).trim().split(/\s+/).slice(0, 2).join(' ');
      const knownHostsLine = `[127.0.0.1]:${port} ${hostKey}`;
      const knownHostsFile = path.join(dir, 'known_hosts');
      await writeFile(knownHostsFile, knownHostsLine + '\n');
      return {
        host: '127.0.0.1', port, user, knownHostsFile, knownHostsLine, identityFile: path.join(dir, 'user_key'), dir,
        async stop() {
          child.kill('SIGTERM');
          await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
    child.kill('SIGKILL');
    if (!/Address already in use/.test(stderr) && attempt === 4) throw new Error(`sshd did not start: ${stderr}`);
  }
  throw new Error('sshd did not start on any of 5 ports');
}

async function listening(port: number, child: ChildProcess): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) return false;
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
