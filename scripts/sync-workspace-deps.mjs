#!/usr/bin/env node
// Records each project's imports of other workspace libs in its package.json, so Nx (and npm)
// know the build order: `dependencies` for imports from sources, `devDependencies` for
// imports only tests make. Run after adding an import of a new @flywheel/* lib.
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
const projects = ['apps', 'libs'].flatMap((kind) =>
  readdirSync(path.join(root, kind)).map((name) => path.join(root, kind, name)).filter((dir) => statSync(dir).isDirectory()),
);
const files = (dir) =>
  readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));

let changed = 0;
for (const dir of projects) {
  const manifestPath = path.join(dir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const runtime = new Set();
  const testOnly = new Set();
  for (const file of files(path.join(dir, 'src'))) {
    const isTest = /\.spec\.ts$|\.fixture\.ts$/.test(file);
    for (const [, name] of readFileSync(file, 'utf8').matchAll(/from '(@flywheel\/[a-z0-9-]+)'/g)) {
      if (name === manifest.name) continue;
      (isTest ? testOnly : runtime).add(name);
    }
  }
  const asDeps = (names) => Object.fromEntries([...names].sort().map((n) => [n, '*']));
  const next = { ...manifest, dependencies: asDeps(runtime), devDependencies: asDeps([...testOnly].filter((n) => !runtime.has(n))) };
  if (!Object.keys(next.dependencies).length) delete next.dependencies;
  if (!Object.keys(next.devDependencies).length) delete next.devDependencies;
  const text = JSON.stringify(next, null, 2) + '\n';
  if (text !== readFileSync(manifestPath, 'utf8')) {
    writeFileSync(manifestPath, text);
    changed++;
  }
}
console.log(`workspace deps: ${changed} package.json updated`);
