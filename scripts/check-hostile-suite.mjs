#!/usr/bin/env node
// Keeps docs/hostile-input.md true: every row names a spec file that exists and a test title
// (the `it` title) that occurs in it, inside a describe block whose title starts with
// "hostile input: " (or an `it` titled so, where the test must stay in a sequence, as in the
// demo's e2e spec) - the name `npm run test:hostile` selects. Run by scripts/test.sh.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const docPath = path.join(root, 'docs/hostile-input.md');
const lines = readFileSync(docPath, 'utf8').split('\n');
const problems = [];
let rows = 0;
lines.forEach((line, index) => {
  // | point | `libs/x/src/y.spec.ts` | `the it title` |
  const cells = line.split('|').map((cell) => cell.trim());
  if (cells.length < 5 || !cells[2].startsWith('`') || cells[2].includes('---')) return;
  const spec = cells[2].replace(/`/g, '');
  const title = cells[3].replace(/^`|`$/g, '');
  rows += 1;
  const where = `docs/hostile-input.md:${index + 1}`;
  if (!/\.spec\.ts$/.test(spec)) return problems.push(`${where}: "${spec}" is not a spec file`);
  const specPath = path.join(root, spec);
  if (!existsSync(specPath)) return problems.push(`${where}: ${spec} does not exist`);
  const source = readFileSync(specPath, 'utf8');
  if (!source.includes(title)) problems.push(`${where}: ${spec} has no test titled "${title}"`);
  if (!/(describe|it)\(\s*['"`]hostile input: /.test(source)) problems.push(`${where}: ${spec} has no describe('hostile input: ...') block (or it('hostile input: ...') test)`);
});
if (rows === 0) problems.push('docs/hostile-input.md: no rows found');
if (problems.length > 0) {
  console.error(`hostile-input suite index is out of date:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`hostile-input suite index: ${rows} rows, each names an existing test`);
