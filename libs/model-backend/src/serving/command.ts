import { execa, type ResultPromise } from 'execa';
import type { Logger } from 'pino';
import { BackendError, type ServingStrategy } from '../model-backend.js';
import type { ServerOptions } from './fixed.js';

export interface CommandServingOptions extends Omit<ServerOptions, 'baseUrl'> {
  /** argv template, split on whitespace; `{path}`, `{port}`, `{name}` are substituted per argument. */
  command: string;
  port: number;
  host?: string;
  healthTimeoutMs: number;
  /** Between SIGTERM and SIGKILL on release. */
  stopGraceMs?: number;
  logger?: Logger;
}

/** The argv for a checkpoint: split first, then substituted, so a path with spaces stays one argument. */
export function commandArgv(template: string, values: { path: string; port: number; name: string }): string[] {
  const parts = template.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) throw new Error('backend.command is empty');
  return parts.map((part) =>
    part.replace(/\{(path|port|name)\}/g, (_, key: 'path' | 'port' | 'name') => String(values[key])),
  );
}

/**
 * A model server started per checkpoint (`vllm serve {path} --port {port} …`), without a
 * shell, waited for until healthy, and stopped afterwards: SIGTERM, then SIGKILL after a grace.
 */
export function commandServing(options: CommandServingOptions): ServingStrategy {
  const host = options.host ?? '127.0.0.1';
  const baseUrl = `http://${host}:${options.port}`;
  return {
    name: 'command',
    async serve(checkpoint) {
      const [file, ...args] = commandArgv(options.command, { path: checkpoint.path, port: options.port, name: checkpoint.name });
      options.logger?.info({ file, args }, 'starting model server');
      const child = execa(file!, args, { reject: false, stdin: 'ignore', cleanup: true, buffer: false });
      const stderr: string[] = [];
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr.push(chunk.toString());
        if (stderr.length > 50) stderr.shift();
      });
      child.stdout?.resume();
      let exited = false;
      const exit = child.then((result) => {
        exited = true;
        return result;
      });
      const tail = () => stderr.join('').split('\n').filter(Boolean).slice(-10).join('\n');
      const release = stopper(child, exit, options.stopGraceMs ?? 10_000);
      try {
        await waitHealthy(baseUrl, options.healthTimeoutMs, () => exited);
      } catch (error) {
        const exitedByItself = exited;
        await release();
        const result = await exit;
        const why = exitedByItself ? `exited with code ${result.exitCode ?? result.signal}` : (error as Error).message;
        throw new BackendError(`model server "${options.command}" for ${checkpoint.name} did not come up: ${why}\n${tail()}`.trim(), 'unreachable', baseUrl);
      }
      return {
        endpoint: { baseUrl, model: options.model ?? checkpoint.name, profile: options.profile, apiKey: options.apiKey },
        release,
      };
    },
  };
}

function stopper(child: ResultPromise, exit: Promise<unknown>, graceMs: number) {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    })();
    return stopping;
  };
}

/** Polls GET /health (vLLM, SGLang, TGI, llama.cpp), else /v1/models, until 200 or the timeout. */
async function waitHealthy(baseUrl: string, timeoutMs: number, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error('the process exited');
    for (const route of ['/health', '/v1/models']) {
      try {
        const response = await fetch(baseUrl + route, { signal: AbortSignal.timeout(2_000) });
        await response.body?.cancel();
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no healthy answer from ${baseUrl}/health within ${timeoutMs} ms`);
}
