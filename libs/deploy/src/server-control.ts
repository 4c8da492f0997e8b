import { commandArgv } from '@flywheel/model-backend';
import { execa } from 'execa';
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { timedFetch, timeoutOr } from './timed-fetch.js';

/** Makes the inference server serve a checkpoint. */
export interface ServerControl {
  readonly name: 'command' | 'pm2' | 'lora';
  /** The model name to send in the smoke prompt once `checkpoint` serves; null: ask /v1/models. */
  modelFor(checkpoint: string): string | null;
  serve(checkpoint: { name: string; path: string }): Promise<void>;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * "command": flywheel runs the server itself, from the template (`{path}` is the checkpoint's
 * folder under the serving dir), as a detached process whose pid is kept in
 * `<servingDir>/server.pid`, so whichever deployer runs next can stop it.
 */
export function commandServer(options: { command: string; port: number; servingDir: string; stopGraceMs?: number }): ServerControl {
  const pidFile = path.join(options.servingDir, 'server.pid');
  const stop = async () => {
    const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
    if (!pid || !alive(pid)) return;
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
    signal('SIGTERM');
    const deadline = Date.now() + (options.stopGraceMs ?? 30_000);
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (alive(pid)) signal('SIGKILL');
    while (alive(pid)) await new Promise((r) => setTimeout(r, 20));
    await rm(pidFile, { force: true });
  };
  return {
    name: 'command',
    modelFor: (checkpoint) => checkpoint,
    async serve(checkpoint) {
      await stop();
      const [file, ...args] = commandArgv(options.command, { path: checkpoint.path, port: options.port, name: checkpoint.name });
      const log = openSync(path.join(options.servingDir, 'server.log'), 'a');
      try {
        // Detached in its own process group, outliving this deployer: the next one stops it by pid.
        const child = spawn(file!, args, { detached: true, stdio: ['ignore', log, log] });
        await new Promise<void>((resolve, reject) => {
          child.once('spawn', resolve);
          child.once('error', (error) => reject(new Error(`could not start ${file}: ${error.message}`)));
        });
        child.unref();
        await writeFile(pidFile, String(child.pid));
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
  };
}
