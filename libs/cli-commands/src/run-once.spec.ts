import { describe, expect, it } from '@jest/globals';
import { tempDir, waitFor } from '@flywheel/testing';
import { EventEmitter } from 'node:events';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from './cli.js';
import { bufferIo } from './cli-io.js';
import { onceArgv, runDaemonOnce } from './run-once.js';

/** A stand-in for a built app: records its argv next to itself and exits with `code`. */
const recordingApp = (code: number) => `
import { writeFileSync } from 'node:fs';
writeFileSync(new URL('./argv.json', import.meta.url), JSON.stringify(process.argv.slice(2)));
process.exit(${code});
`;

/** A stand-in that waits for a signal and records which one it got. */
const waitingApp = `
import { writeFileSync } from 'node:fs';
const mark = (name) => writeFileSync(new URL('./' + name, import.meta.url), name);
process.on('SIGTERM', () => { mark('got-SIGTERM'); process.exit(0); });
process.on('SIGINT', () => { mark('got-SIGINT'); process.exit(0); });
setInterval(() => undefined, 1000);
mark('ready');
`;

async function workspaceWith(daemon: string, source: string) {
  const temp = await tempDir('cli-run');
  const dist = path.join(temp.dir, 'apps', daemon, 'dist');
  await mkdir(dist, { recursive: true });
  await writeFile(path.join(dist, 'main.js'), source);
  return { ...temp, dist };
}

describe('onceArgv', () => {
  it('drops what would keep the daemon running and adds --once', () => {
    expect(onceArgv(['--base-dir', '/t', '--interval', '300', '--continuous', '--once', '--set', 'interval=5', '--no-once'])).toEqual([
      '--base-dir', '/t', '--set', 'interval=5', '--once',
    ]);
  });
});

describe('flywheel run', () => {
  it('runs the built app once with the configuration flags and exits with its code', async () => {
    const { dir, dist, remove } = await workspaceWith('regression-monitor', recordingApp(3));
    try {
      const io = bufferIo({ cwd: dir });
      const code = await runCli(['run', 'regression-monitor', '--once', '--base-dir', dir, '--interval', '60', '--redis-url', 'redis://127.0.0.1:1'], { io, workspaceRoot: dir });
      expect(code).toBe(3);
      expect(JSON.parse(await readFile(path.join(dist, 'argv.json'), 'utf8'))).toEqual(['--base-dir', dir, '--redis-url', 'redis://127.0.0.1:1', '--once']);
    } finally {
      await remove();
    }
  });

  it('refuses the evaluator, an unknown daemon, a missing daemon and a bad configuration with exit 2, and an unbuilt app with 1', async () => {
    const { dir, remove } = await workspaceWith('regression-monitor', recordingApp(0));
    try {
      const run = async (...argv: string[]) => {
        const io = bufferIo({ cwd: dir });
        return [await runCli(['run', ...argv], { io, workspaceRoot: dir }), io.err()] as const;
      };
      const [evaluator, evaluatorErr] = await run('evaluator', '--once');
      expect(evaluator).toBe(2);
      expect(evaluatorErr).toMatch(/^flywheel run: the evaluator has no single pass/);
      const [unknown, unknownErr] = await run('regresion-monitor');
      expect(unknown).toBe(2);
      expect(unknownErr).toMatch(/^flywheel run: unknown daemon "regresion-monitor"; one of: checkpoint-sync, automated-testing, /);
      expect((await run())[0]).toBe(2);
      const [badConfig, badConfigErr] = await run('regression-monitor', '--interval', 'soon');
      expect(badConfig).toBe(2);
      expect(badConfigErr).toContain('interval: expected a number, got "soon" (from flag --interval)');
      const [unbuilt, unbuiltErr] = await run('model-comparison');
      expect(unbuilt).toBe(1);
      expect(unbuiltErr).toBe(`flywheel run: ${path.join(dir, 'apps', 'model-comparison', 'dist', 'main.js')} does not exist: build it first (npm run build, or npx nx build model-comparison)\n`);
    } finally {
      await remove();
    }
  });

  it('hands SIGTERM and SIGINT on to the daemon', async () => {
    const { dir, dist, remove } = await workspaceWith('self-correction', waitingApp);
    try {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        const signals = new EventEmitter();
        const running = runDaemonOnce(dir, 'self-correction', [], { cwd: dir, signals, stdio: 'pipe' });
        await waitFor(() => readFile(path.join(dist, 'ready'), 'utf8').catch(() => false), { what: 'the app to start' });
        signals.emit(signal);
        expect(await running).toBe(0);
        expect(await readFile(path.join(dist, `got-${signal}`), 'utf8')).toBe(`got-${signal}`);
        await rm(path.join(dist, 'ready'));
      }
    } finally {
      await remove();
    }
  });
});
