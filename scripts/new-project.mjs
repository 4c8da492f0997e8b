#!/usr/bin/env node
// Scaffolds a workspace project: `node scripts/new-project.mjs libs <name> [tag]` or `... apps <name>`.
// Writes package.json (build/test scripts Nx picks up), tsconfigs and jest.config.js; nothing else.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const [kind, name, tag = kind === 'apps' ? 'type:app' : 'type:util'] = process.argv.slice(2);
if (!['apps', 'libs'].includes(kind) || !/^[a-z][a-z0-9-]*$/.test(name ?? '')) {
  console.error('usage: node scripts/new-project.mjs <apps|libs> <kebab-name> [nx-tag]');
  process.exit(2);
}
const dir = path.join(import.meta.dirname, '..', kind, name);
if (existsSync(dir)) {
  console.error(`${dir} exists already`);
  process.exit(1);
}
mkdirSync(path.join(dir, 'src'), { recursive: true });
const write = (file, value) =>
  writeFileSync(path.join(dir, file), typeof value === 'string' ? value : JSON.stringify(value, null, 2) + '\n');

const entry = kind === 'apps' ? 'main' : 'index';
write('package.json', {
  name: `@flywheel/${name}`,
  version: '0.0.0',
  private: true,
  type: 'module',
  exports:
    kind === 'libs'
      ? { '.': { development: './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' } }
      : undefined,
  scripts: {
    build: 'tsc -p tsconfig.lib.json',
    test: `node --experimental-vm-modules ../../node_modules/jest/bin/jest.js --ci --json --outputFile=../../tmp/test-results/${name}.json`,
    typecheck: 'tsc -p tsconfig.json --noEmit',
  },
  nx: { name, tags: [tag] },
});
write('tsconfig.lib.json', {
  extends: '../../tsconfig.base.json',
  compilerOptions: { rootDir: 'src', outDir: 'dist', tsBuildInfoFile: 'dist/.tsbuildinfo' },
  include: ['src/**/*.ts'],
  exclude: ['src/**/*.spec.ts'],
});
write('tsconfig.json', {
  extends: '../../tsconfig.base.json',
  compilerOptions: { noEmit: true },
  include: ['src/**/*.ts'],
});
write('jest.config.js', "import { jestConfig } from '../../jest.preset.js';\n\nexport default jestConfig(import.meta.dirname);\n");
write(`src/${entry}.ts`, kind === 'libs' ? 'export {};\n' : '');
console.log(`created ${kind}/${name}`);
