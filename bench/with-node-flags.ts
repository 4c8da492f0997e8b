// Runs one benchmark in a child process started with the Node flags of the app it measures
// (its pm2 entry), so the figure describes the process as deployed (the daemons' memory flags
// change how V8 compiles and collects), not the bench runner's own settings.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { BENCH_RESULT_MARK as RESULT } from './bench-result-mark.js';
import { pm2NodeArgs } from './pm2-node-args.js';

export async function benchWithNodeFlags<T>(file: string, exportName: string, app: string): Promise<T> {
  const url = new URL(file, import.meta.url).href;
  console.log(`\n(${fileURLToPath(url).replace(/.*\/bench\//, 'bench/')} runs with ${app}'s flags: ${pm2NodeArgs(app).join(' ') || '(none)'})`);
  return childResult<T>(fileURLToPath(new URL('./run-one.ts', import.meta.url)), [file, exportName], app);
}

/** Runs `script args…` with `app`'s pm2 Node flags; its output is passed on, and the line marked as the result is parsed and returned. */
export async function childResult<T>(script: string, args: readonly string[], app: string): Promise<T> {
  const child = spawn(process.execPath, [...pm2NodeArgs(app), '--conditions=development', '--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  });
  let result: T | undefined;
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith(RESULT)) result = JSON.parse(line.slice(RESULT.length)) as T;
    else console.log(line);
  }
  const exitCode = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));
  if (exitCode !== 0 || result === undefined) throw new Error(`${path.basename(script)} ${args[0] ?? ''}: exited ${exitCode} without a result`);
  return result;
}
