import { spawn } from 'node:child_process';

/**
 * Runs Debian's `promtool` (package `prometheus`) with `args`, `stdin` on its standard input:
 * its exit code and everything it printed, stdout and stderr together (a lint problem is a
 * line of output, so "no problems" is `{ code: 0, output: '' }` for `check metrics`).
 */
export function promtool(args: readonly string[], stdin = ''): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => reject(new Error(`promtool could not run (Debian: apt-get install prometheus): ${error.message}`)));
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(stdin);
  });
}
