// The build graph is complete (issue 14): every import of a workspace package, subpath imports
// included, is declared in the importing project's package.json, or `npm test` fails naming the
// project, the file and the import. The checker is scripts/sync-workspace-deps.mjs --check.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCRIPT = path.join(ROOT, 'scripts', 'sync-workspace-deps.mjs');
const run = promisify(execFile);

/** Runs the checker; resolves to its exit code and output (a failing check is not an exception here). */
async function check(root: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [SCRIPT, '--check', '--root', root]);
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

let ws: string;
const manifest = (name: string, deps: Record<string, Record<string, string>> = {}) => JSON.stringify({ name, version: '0.0.0', ...deps });
async function project(dir: string, name: string, files: Record<string, string>, deps: Record<string, Record<string, string>> = {}) {
  await mkdir(path.join(ws, dir, 'src'), { recursive: true });
  await writeFile(path.join(ws, dir, 'package.json'), manifest(name, deps));
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(ws, dir, 'src', file), text);
}

beforeAll(async () => {
  ws = await mkdtemp(path.join(tmpdir(), 'workspace-deps-'));
});
afterAll(async () => {
  await rm(ws, { recursive: true, force: true });
});

describe('the workspace dependency check', () => {
  it('passes on this repository', async () => {
    const result = await check(ROOT);
    expect(result).toEqual({ code: 0, out: expect.stringMatching(/^workspace deps: every import of a workspace package is declared/) });
  });

  it('names the project, file and import of a subpath, dynamic or test-only import that is not declared', async () => {
    await project('libs/commands', '@ws/commands', { 'cli.ts': 'export const x = 1;\n' });
    await project('libs/store', '@ws/store', { 'index.ts': 'export const y = 2;\n' });
    await project('libs/util', '@ws/util', { 'index.ts': 'export const z = 3;\n' });
    await project('apps/cli', '@ws/cli', {
      'main.ts': "import { x } from '@ws/commands/cli';\nconst lazy = () => import(\"@ws/store\");\nimport { readFile } from 'node:fs';\n",
      'main.spec.ts': "import { z } from '@ws/util';\n",
    });
    const result = await check(ws);
    expect(result.code).toBe(1);
    expect(result.out.split('\n').filter((l) => l.startsWith('  ')).sort()).toEqual([
      `  apps/cli: ${path.join('apps', 'cli', 'src', 'main.spec.ts')} imports '@ws/util' but package.json declares no "@ws/util" (devDependencies)`,
      `  apps/cli: ${path.join('apps', 'cli', 'src', 'main.ts')} imports '@ws/commands/cli' but package.json "dependencies" has no "@ws/commands"`,
      `  apps/cli: ${path.join('apps', 'cli', 'src', 'main.ts')} imports '@ws/store' but package.json "dependencies" has no "@ws/store"`,
    ]);
  });

  it('refuses a runtime import declared only as a devDependency, and passes once all are declared', async () => {
    await writeFile(path.join(ws, 'apps', 'cli', 'package.json'), manifest('@ws/cli', {
      dependencies: { '@ws/commands': '*' }, devDependencies: { '@ws/store': '*', '@ws/util': '*' },
    }));
    const devOnly = await check(ws);
    expect([devOnly.code, devOnly.out.split('\n').filter((l) => l.startsWith('  '))]).toEqual([1, [
      `  apps/cli: ${path.join('apps', 'cli', 'src', 'main.ts')} imports '@ws/store' but package.json "dependencies" has no "@ws/store"`,
    ]]);
    await writeFile(path.join(ws, 'apps', 'cli', 'package.json'), manifest('@ws/cli', {
      dependencies: { '@ws/commands': '*', '@ws/store': '*' }, devDependencies: { '@ws/util': '*' },
    }));
    expect(await check(ws)).toEqual({ code: 0, out: 'workspace deps: every import of a workspace package is declared (4 projects)\n' });
  });
});
