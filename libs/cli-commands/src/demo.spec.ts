import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from './cli.js';
import { bufferIo } from './cli-io.js';

describe('flywheel up', () => {
  it('runs scripts/up.sh from the checkout with --demo and exits with its code', async () => {
    const { dir, remove } = await tempDir('cli-up');
    try {
      await mkdir(path.join(dir, 'scripts'));
      // Records where it ran and with which arguments, then fails with 4.
      await writeFile(path.join(dir, 'scripts', 'up.sh'), 'pwd > ran-in\necho "$#" > arg-count\nexit 4\n');
      const io = bufferIo({ cwd: '/' });
      expect(await runCli(['up', '--demo'], { io, workspaceRoot: dir })).toBe(4);
      expect((await readFile(path.join(dir, 'ran-in'), 'utf8')).trim()).toBe(dir);
      expect((await readFile(path.join(dir, 'arg-count'), 'utf8')).trim()).toBe('0');
    } finally {
      await remove();
    }
  });

  it('without --demo, says how to start on real hosts and exits 2', async () => {
    const io = bufferIo();
    expect(await runCli(['up'], { io, workspaceRoot: '/nowhere' })).toBe(2);
    expect(io.err()).toContain('FLYWHEEL_HOST_ROLE=inference FLYWHEEL_BASE_DIR=~/TRAINING pm2 start ecosystem.config.cjs');
    expect(io.err()).toContain('docker compose --profile inference up -d');
    const missing = bufferIo();
    expect(await runCli(['up', '--demo'], { io: missing, workspaceRoot: '/nowhere' })).toBe(1);
    expect(missing.err()).toBe('flywheel up: /nowhere/scripts/up.sh not found: flywheel up --demo runs from a flywheel checkout\n');
  });
});

describe('flywheel', () => {
  it('lists the commands on --help, and refuses an unknown command or flag with exit 2', async () => {
    const help = bufferIo();
    expect(await runCli(['--help'], { io: help, workspaceRoot: '/' })).toBe(0);
    for (const name of ['up', 'status', 'validate', 'compare', 'preview', 'queue-health', 'report', 'replay', 'rollback', 'run']) expect(help.out()).toMatch(new RegExp(`^  ${name} `, 'm'));
    const none = bufferIo();
    expect(await runCli([], { io: none, workspaceRoot: '/' })).toBe(2);
    const unknown = bufferIo();
    expect(await runCli(['stats'], { io: unknown, workspaceRoot: '/' })).toBe(2);
    expect(unknown.err()).toBe('flywheel: unknown command "stats"; commands: up, status, validate, compare, preview, queue-health, report, replay, rollback, run (flywheel --help)\n');
    const flag = bufferIo();
    expect(await runCli(['queue-health', '--stuck', '5'], { io: flag, workspaceRoot: '/' })).toBe(2);
    expect(flag.err()).toBe('flywheel queue-health: unknown flag --stuck (see flywheel queue-health --help)\n');
    const commandHelp = bufferIo();
    expect(await runCli(['validate', '--help'], { io: commandHelp, workspaceRoot: '/' })).toBe(0);
    expect(commandHelp.out()).toMatch(/^usage: flywheel validate --model-path P --output F/);
    expect(commandHelp.out()).toContain('--model-path <name>');
  });
});
