import { SERVER_LOG } from '@flywheel/contracts';
import { commandArgv } from '@flywheel/model-backend';
import { DEFAULT_LOG_ROTATION, rotateBeforeAppend, type Rotation } from '@flywheel/status-store';
import { execa } from 'execa';
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { timedFetch, timeoutOr } from './timed-fetch.js';

/** Makes the inference server serve a checkpoint. */
export interface ServerControl {
  readonly name: 'command' | 'pm2' | 'lora';
  /** The model name to send in the smoke prompt once `checkpoint` serves; null: ask /v1/models. */
  modelFor(checkpoint: string): string | null;
  serve(checkpoint: { name: string; path: string }): Promise<void>;
  /** Bounds the output log of a server flywheel started, while it runs (only "command" has one). */
  rotateLog?(): void;
  /** The adapters the server holds, with the path each was loaded from (only "lora": a server of several models). */
  loadedAdapters?(): Promise<LoadedAdapter[]>;
  /** Unloads an adapter; one the server no longer holds counts as unloaded (only "lora"). */
  unload?(name: string): Promise<void>;
}

/** A LoRA adapter the server lists in /v1/models: its served name and `root` (vLLM: the path it was loaded from). */
export interface LoadedAdapter {
  name: string;
  path: string | null;
}

/** How long to wait for a process to vanish after SIGKILL before giving up on it. */
const KILL_WAIT_MS = 5_000;
/** A plain-pid file (written before start times were recorded) names its process if that started this close before the file was written. */
const LEGACY_START_SLACK_S = 30;

/** What `/proc/<pid>/stat` says of a process: its start time (field 22, clock ticks since boot, as text) and state (field 3). */
async function procStat(pid: number): Promise<{ startTime: string; state: string } | null> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (!text) return null;
  // Field 2 (the command name, in parentheses) may hold spaces and parentheses: split after the last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: rest[0]!, startTime: rest[19]! };
}

/** Whether this system has /proc (Linux): without it identities cannot be checked. */
const hasProc = async () => (await procStat(process.pid)) !== null;

/** The start time of process `pid` (field 22 of /proc/<pid>/stat), or null when there is none. */
export async function processStartTime(pid: number): Promise<string | null> {
  return (await procStat(pid))?.startTime ?? null;
}

const alive = async (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie still answers signal 0 but is gone for our purposes.
  return (await procStat(pid))?.state !== 'Z';
};

/** `server.pid`: the pid on the first line, its start time on the second (absent in files from before it was recorded). */
export const pidFileText = (pid: number, startTime: string | null) => `${pid}\n${startTime ?? ''}\n`;

/** Seconds since the epoch at which the system booted (`btime` in /proc/stat). */
async function bootTime(): Promise<number | null> {
  const match = /^btime (\d+)$/m.exec(await readFile('/proc/stat', 'utf8').catch(() => ''));
  return match ? Number(match[1]) : null;
}

/**
 * Whether the pid file still names the process flywheel started: with a start time, it must
 * equal the live process's; a plain-pid file is matched by the process having started shortly
 * before the file was written (a process started later, as after a reboot, reused the pid).
 * Returns why not when it does not.
 */
async function notOurs(pidFile: string, pid: number, recorded: string | null): Promise<string | null> {
  if (!(await hasProc())) return null; // No /proc: nothing to check against (the pid is trusted, as before).
  const actual = await processStartTime(pid);
  if (actual === null) return `pid ${pid} has no /proc entry`;
  if (recorded !== null) return actual === recorded ? null : `pid ${pid} started at tick ${actual}, the file recorded ${recorded}`;
  const boot = await bootTime();
  const written = (await stat(pidFile)).mtimeMs / 1000;
  if (boot === null) return `pid ${pid}: the file has no start time and the boot time is unknown`;
  const started = boot + Number(actual) / 100; // USER_HZ is 100 on Linux.
  if (started > written + 2 || started < written - LEGACY_START_SLACK_S) {
    return `pid ${pid} started at ${new Date(started * 1000).toISOString()}, not just before the file was written (${new Date(written * 1000).toISOString()})`;
  }
  return null;
}

/** What `stop` did: nothing to stop, a stale file removed, or the server stopped. */
export type StopOutcome = { outcome: 'none' } | { outcome: 'stale'; reason: string } | { outcome: 'stopped'; pid: number; killed: boolean };

/** Where `commandServer` reports what it decided about `server.pid`. */
export interface ServerControlLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/**
 * "command": flywheel runs the server itself, from the template (`{path}` is the checkpoint's
 * folder under the serving dir), as a detached process whose pid and start time are kept in
 * `<servingDir>/server.pid`, so whichever deployer runs next can stop it — and only it: a pid
 * file whose process is gone or is another process (the pid reused, as after a reboot) is
 * stale, removed and logged, and nothing is signalled.
 */
export function commandServer(options: {
  command: string; port: number; servingDir: string; stopGraceMs?: number; logger?: ServerControlLogger;
  /** How `<servingDir>/server.log` is rotated (config `retention.log*`). @defaultValue the config defaults */
  logRotation?: Rotation;
}): ServerControl & { stop(): Promise<StopOutcome> } {
  const pidFile = path.join(options.servingDir, 'server.pid');
  const logFile = path.join(options.servingDir, SERVER_LOG);
  const logRotation = options.logRotation ?? DEFAULT_LOG_ROTATION;
  const stale = async (reason: string): Promise<StopOutcome> => {
    await rm(pidFile, { force: true });
    options.logger?.warn({ pidFile: 'server.pid', reason }, 'stale server.pid removed; nothing signalled');
    return { outcome: 'stale', reason };
  };
  const stop = async (): Promise<StopOutcome> => {
    const text = await readFile(pidFile, 'utf8').catch(() => null);
    if (text === null) return { outcome: 'none' };
    const [pidLine = '', startLine = ''] = text.split('\n').map((l) => l.trim());
    const pid = Number(pidLine);
    if (!Number.isInteger(pid) || pid <= 1) return stale(`not a pid: ${JSON.stringify(pidLine.slice(0, 40))}`);
    if (!(await alive(pid))) return stale(`pid ${pid} is not running`);
    const mismatch = await notOurs(pidFile, pid, startLine || null);
    if (mismatch) return stale(mismatch);
    // The server was started in its own process group: signal the whole group.
    const signal = (s: NodeJS.Signals) => {
      try {
        process.kill(-pid, s);
      } catch {
        try {
          process.kill(pid, s);
        } catch {
          // already gone
        }
      }
    };
    const waitGone = async (ms: number) => {
      const deadline = Date.now() + ms;
      while ((await alive(pid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      return !(await alive(pid));
    };
    signal('SIGTERM');
    let killed = false;
    if (!(await waitGone(options.stopGraceMs ?? 30_000))) {
      signal('SIGKILL');
      killed = true;
      // Bounded: a process stuck in the kernel (state D) ignores even SIGKILL for a while.
      if (!(await waitGone(KILL_WAIT_MS))) throw new Error(`server pid ${pid} still running ${KILL_WAIT_MS} ms after SIGKILL; server.pid kept`);
    }
    await rm(pidFile, { force: true });
    options.logger?.info({ pid, killed }, 'previous server stopped');
    return { outcome: 'stopped', pid, killed };
  };
  return {
    name: 'command',
    modelFor: (checkpoint) => checkpoint,
    stop,
    // The running server holds server.log open: copy and truncate it in place (no rename).
    rotateLog() {
      try {
        rotateBeforeAppend(logFile, logRotation, 0, { inPlace: true });
      } catch (error) {
        // A log that cannot be rotated must not stop a deployment.
        options.logger?.warn({ err: (error as Error).message }, 'server.log could not be rotated');
      }
    },
    async serve(checkpoint) {
      await stop();
      const [file, ...args] = commandArgv(options.command, { path: checkpoint.path, port: options.port, name: checkpoint.name });
      // Between two servers (the previous one has just been stopped) the log is renamed.
      rotateBeforeAppend(logFile, logRotation);
      const log = openSync(logFile, 'a');
      try {
        // Detached in its own process group, outliving this deployer: the next one stops it by pid.
        const child = spawn(file!, args, { detached: true, stdio: ['ignore', log, log] });
        await new Promise<void>((resolve, reject) => {
          child.once('spawn', resolve);
          child.once('error', (error) => reject(new Error(`could not start ${file}: ${error.message}`)));
        });
        child.unref();
        await writeFile(pidFile, pidFileText(child.pid!, await processStartTime(child.pid!)));
      } finally {
        closeSync(log);
      }
    },
  };
}

/** "pm2": the server is a pm2 process that reads `<servingDir>/current`; restarting it picks up the switch. */
export function pm2Server(options: { pm2Name: string }): ServerControl {
  return {
    name: 'pm2',
    modelFor: () => null,
    async serve() {
      const result = await execa('pm2', ['restart', options.pm2Name, '--update-env'], { reject: false });
      if (result.exitCode !== 0) throw new Error(`pm2 restart ${options.pm2Name} failed: ${String(result.stderr).slice(-500)}`);
    },
  };
}

/**
 * "lora": the checkpoint is loaded as an adapter into the running server (vLLM's endpoint). The
 * load (answer included) must finish within `timeoutMs` (`deploy.healthTimeoutSeconds`): a server
 * that takes the request and never answers fails the deployment instead of holding it forever.
 */
export function loraServer(options: { baseUrl: string; timeoutMs: number }): ServerControl {
  const what = 'POST /v1/load_lora_adapter';
  return {
    name: 'lora',
    modelFor: (checkpoint) => checkpoint,
    async serve(checkpoint) {
      let res: Response;
      let text: string;
      try {
        res = await timedFetch(what, `${options.baseUrl}/v1/load_lora_adapter`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ lora_name: checkpoint.name, lora_path: checkpoint.path }),
        }, options.timeoutMs);
        text = await res.text().catch((error: unknown) => { throw timeoutOr(error, what, options.timeoutMs); });
      } catch (error) {
        throw new Error(`loading adapter ${checkpoint.name} failed: ${(error as Error).message}`);
      }
      if (!res.ok && !/already/i.test(text)) throw new Error(`loading adapter ${checkpoint.name} failed: ${res.status} ${text.slice(0, 300)}`);
    },
    async loadedAdapters() {
      const what = 'GET /v1/models';
      const res = await timedFetch(what, `${options.baseUrl}/v1/models`, {}, options.timeoutMs);
      const body = (await res.json().catch((error: unknown) => { throw timeoutOr(error, what, options.timeoutMs); })) as { data?: { id?: unknown; root?: unknown; parent?: unknown }[] } | null;
      if (!res.ok || !Array.isArray(body?.data)) throw new Error(`${what} answered ${res.status} without a model list`);
      // vLLM lists an adapter with its base model as `parent` and the path it was loaded from as `root`.
      return body.data
        .filter((m) => typeof m.id === 'string' && typeof m.parent === 'string' && m.parent !== '')
        .map((m) => ({ name: m.id as string, path: typeof m.root === 'string' ? m.root : null }));
    },
    async unload(name) {
      const what = 'POST /v1/unload_lora_adapter';
      const res = await timedFetch(what, `${options.baseUrl}/v1/unload_lora_adapter`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ lora_name: name }),
      }, options.timeoutMs);
      const text = await res.text().catch((error: unknown) => { throw timeoutOr(error, what, options.timeoutMs); });
      // Gone already (unloaded by hand, or the server restarted): what was wanted.
      if (!res.ok && !/cannot be found|not found/i.test(text)) throw new Error(`unloading adapter ${name} failed: ${res.status} ${text.slice(0, 300)}`);
    },
  };
}
