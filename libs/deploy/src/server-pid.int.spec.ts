// The "command" strategy's stop path against real processes: it signals only the process it started.
import { afterEach, describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { access, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { commandServer, pidFileText, processStartTime, type ServerControlLogger } from './server-control.js';

const children: ChildProcess[] = [];
const temps: { remove(): Promise<void> }[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(temps.splice(0).map((t) => t.remove()));
});

/** A long-running process in its own group, as the deployer starts a server. */
async function longRunning() {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
  children.push(child);
  await new Promise<void>((resolve, reject) => { child.once('spawn', resolve); child.once('error', reject); });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, sig) => resolve(sig ?? code)));
  return { child, pid: child.pid!, exited };
}
/** Running, and not a zombie waiting to be reaped. */
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
};

async function setup() {
  const t = await tempDir('server-pid');
  temps.push(t);
  const logged: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const logger: ServerControlLogger = {
    info: (fields, message) => void logged.push({ level: 'info', fields, message }),
    warn: (fields, message) => void logged.push({ level: 'warn', fields, message }),
  };
  const control = commandServer({ command: 'unused', port: 1, servingDir: t.dir, stopGraceMs: 5_000, logger });
  return { pidFile: path.join(t.dir, 'server.pid'), control, logged };
}
const exists = (file: string) => access(file).then(() => true, () => false);

describe('hostile input: commandServer stop and a stale server.pid', () => {
  it('leaves a process alone when the pid file names its pid with another start time, and removes the stale file', async () => {
    const { pidFile, control, logged } = await setup();
    const { pid } = await longRunning();
    const actual = await processStartTime(pid);
    expect(actual).toMatch(/^\d+$/);
    await writeFile(pidFile, pidFileText(pid, String(Number(actual) + 12345)));
    const outcome = await control.stop();
    expect(outcome).toEqual({ outcome: 'stale', reason: `pid ${pid} started at tick ${actual}, the file recorded ${Number(actual) + 12345}` });
    // Give a stray signal time to land before asserting the process survived.
    await new Promise((r) => setTimeout(r, 300));
    expect(isAlive(pid)).toBe(true);
    expect(await exists(pidFile)).toBe(false);
    expect(logged).toEqual([{ level: 'warn', fields: { pidFile: 'server.pid', reason: outcome.outcome === 'stale' && outcome.reason }, message: 'stale server.pid removed; nothing signalled' }]);
  });

  it('stops the process when the pid file records its pid and start time', async () => {
    const { pidFile, control, logged } = await setup();
    const { pid, exited } = await longRunning();
    await writeFile(pidFile, pidFileText(pid, await processStartTime(pid)));
    expect(await control.stop()).toEqual({ outcome: 'stopped', pid, killed: false });
    expect(await exited).toBe('SIGTERM');
    expect(await exists(pidFile)).toBe(false);
    expect(logged.map((l) => l.message)).toEqual(['previous server stopped']);
  });

  it('reads an old plain-pid file: stops the process written just after it started, not one that started after the file', async () => {
    const { pidFile, control } = await setup();
    const { pid, exited } = await longRunning();
    await writeFile(pidFile, `${pid}\n`);
    expect(await control.stop()).toEqual({ outcome: 'stopped', pid, killed: false });
    expect(await exited).toBe('SIGTERM');

    // The same plain file, but written an hour before the process started: a reused pid.
    const other = await longRunning();
    await writeFile(pidFile, String(other.pid));
    const hourAgo = new Date(Date.now() - 3600_000);
    await utimes(pidFile, hourAgo, hourAgo);
    const outcome = await control.stop();
    expect(outcome).toMatchObject({ outcome: 'stale', reason: expect.stringContaining(`pid ${other.pid} started at `) });
    expect(isAlive(other.pid)).toBe(true);
    expect(await exists(pidFile)).toBe(false);
  });

  it('treats a pid file naming no running process as stale', async () => {
    const { pidFile, control } = await setup();
    const { child, pid, exited } = await longRunning();
    child.kill('SIGKILL');
    await exited;
    await writeFile(pidFile, pidFileText(pid, '1'));
    expect(await control.stop()).toEqual({ outcome: 'stale', reason: `pid ${pid} is not running` });
    expect(await exists(pidFile)).toBe(false);
    expect(await control.stop()).toEqual({ outcome: 'none' });
  });

  it('writes the pid and its start time when it starts a server', async () => {
    const t = await tempDir('server-pid-serve');
    temps.push(t);
    const control = commandServer({ command: `${process.execPath} -e setInterval(()=>{},1000)`, port: 1, servingDir: t.dir, stopGraceMs: 5_000 });
    await control.serve({ name: 'checkpoint-1', path: t.dir });
    const [pidLine, startLine] = (await readFile(path.join(t.dir, 'server.pid'), 'utf8')).split('\n');
    const pid = Number(pidLine);
    try {
      expect(startLine).toBe(await processStartTime(pid));
      expect(await control.stop()).toEqual({ outcome: 'stopped', pid, killed: false });
      expect(isAlive(pid)).toBe(false);
    } finally {
      if (isAlive(pid)) process.kill(-pid, 'SIGKILL');
    }
  });
});
