#!/usr/bin/env node
// Nx orders builds only by the workspace dependencies each package.json declares, so an import
// of a workspace package that is not declared is a build race (issue 14: `cli:build` ran before
// `cli-commands:build`). This script reads every project's imports of other workspace packages,
// subpath imports (`@flywheel/x/cli`), `export … from`, `import('…')` and side-effect imports
// included, and
//   (no flag)  records them in each package.json: `dependencies` for imports from sources,
//              `devDependencies` for imports only tests and fixtures make;
//   --check    changes nothing and exits 1, naming each project, file and import that its
//              package.json does not declare (run by `npm test`).
// `--root DIR` reads another workspace (the spec runs it on one it makes).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const check = args.includes('--check');
const rootAt = args.indexOf('--root');
const root = path.resolve(rootAt >= 0 ? args[rootAt + 1] : path.join(import.meta.dirname, '..'));

const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const TEST_ONLY = /\.(spec|fixture)\.[cm]?[jt]s$|(^|\/)__fixtures__\//;
// `from '…'` (import and export), `import '…'`, `import('…')`, `require('…')`; either quote.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"])([^'"\n]+)\1/g;

const projects = ['apps', 'libs']
  .filter((kind) => statSync(path.join(root, kind), { throwIfNoEntry: false })?.isDirectory())
  .flatMap((kind) => readdirSync(path.join(root, kind)).map((name) => path.join(root, kind, name)))
  .filter((dir) => statSync(path.join(dir, 'package.json'), { throwIfNoEntry: false })?.isFile());
const manifests = new Map(projects.map((dir) => [dir, JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))]));
const workspaceNames = new Set([...manifests.values()].map((m) => m.name));

/** The workspace package a specifier names (`@scope/name/sub` → `@scope/name`), or null. */
function workspacePackage(specifier) {
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return workspaceNames.has(name) ? name : null;
}

function sourceFiles(dir) {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => SOURCE.test(f) && !f.split(path.sep).includes('node_modules') && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f));
}

const problems = [];
let changed = 0;
for (const [dir, manifest] of manifests) {
  const runtime = new Map();
  const testOnly = new Map();
  for (const file of sourceFiles(path.join(dir, 'src'))) {
    const relative = path.relative(root, file);
    const target = TEST_ONLY.test(relative.split(path.sep).join('/')) ? testOnly : runtime;
    for (const [, , specifier] of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const name = workspacePackage(specifier);
      if (!name || name === manifest.name) continue;
      if (!target.has(name)) target.set(name, { file: relative, specifier });
    }
  }
  if (check) {
    const declared = { ...manifest.dependencies, ...manifest.devDependencies };
    const runtimeDeclared = manifest.dependencies ?? {};
    for (const [name, where] of runtime) {
      if (!(name in runtimeDeclared)) problems.push(`${path.relative(root, dir)}: ${where.file} imports '${where.specifier}' but package.json "dependencies" has no "${name}"`);
    }
    for (const [name, where] of testOnly) {
      if (!(name in declared)) problems.push(`${path.relative(root, dir)}: ${where.file} imports '${where.specifier}' but package.json declares no "${name}" (devDependencies)`);
    }
    continue;
  }
  const asDeps = (names) => Object.fromEntries([...names].sort().map((n) => [n, '*']));
  const next = { ...manifest, dependencies: asDeps(runtime.keys()), devDependencies: asDeps([...testOnly.keys()].filter((n) => !runtime.has(n))) };
  if (!Object.keys(next.dependencies).length) delete next.dependencies;
  if (!Object.keys(next.devDependencies).length) delete next.devDependencies;
  const text = JSON.stringify(next, null, 2) + '\n';
  if (text !== readFileSync(path.join(dir, 'package.json'), 'utf8')) {
    writeFileSync(path.join(dir, 'package.json'), text);
    changed++;
  }
}

if (check) {
  if (problems.length) {
    console.error(`workspace deps: ${problems.length} undeclared import(s) — Nx cannot order these builds; run 'node scripts/sync-workspace-deps.mjs':`);
    for (const p of problems) console.error(`  ${p}`);
    process.exit(1);
  }
  console.log(`workspace deps: every import of a workspace package is declared (${manifests.size} projects)`);
} else {
  console.log(`workspace deps: ${changed} package.json updated`);
}
