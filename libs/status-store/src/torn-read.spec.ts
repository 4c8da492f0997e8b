// A reader in another process parses the status file in a tight loop while this process
// rewrites it thousands of times with bodies of very different sizes. Through the status
// store (atomic writes) the reader must never see a torn file; the control run with a plain
// writer (truncate, then write) must, which shows the reader does detect tearing.
import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { regressionBody } from './regression-body.fixture.js';
import { createStatusStore } from './status-store.js';

const WRITES = 3_000;

// Plain CommonJS for `node -e`. A read counts as torn unless it parses and its content agrees
// with itself: `reason` is "v<i>:n<count>" and the evidence window must hold <count> entries.
// It checks for the stop file only every 64 reads, to keep the loop tight.
const READER = `
const fs = require('node:fs');
const [file, stopFile] = process.argv.slice(1);
let reads = 0, torn = 0, missing = 0, bytesMin = Infinity, bytesMax = 0;
const versions = new Set();
process.stdout.write('ready\\n');
for (let i = 0; ; i++) {
  if (i % 64 === 0 && fs.existsSync(stopFile)) break;
  let text;
  try { text = fs.readFileSync(file, 'utf8'); } catch (e) { if (e.code === 'ENOENT') { missing++; continue; } throw e; }
  reads++;
  try {
    const status = JSON.parse(text);
    const [version, count] = status.evidence.reason.split(':n');
    if (status.evidence.checkpoints.length !== Number(count)) throw new Error('inconsistent');
    versions.add(version);
    bytesMin = Math.min(bytesMin, text.length);
    bytesMax = Math.max(bytesMax, text.length);
  } catch { torn++; }
}
process.stdout.write(JSON.stringify({ reads, torn, missing, versions: versions.size, bytesMin, bytesMax }) + '\\n');
`;

interface ReaderResult {
  reads: number;
  torn: number;
  missing: number;
  versions: number;
  bytesMin: number;
  bytesMax: number;
}

/** Starts the reader; resolves `ready` once it is looping, `result` once it has stopped. */
function startReader(file: string, stopFile: string) {
  const child = spawn(process.execPath, ['-e', READER, file, stopFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const ready = new Promise<void>((resolve) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.startsWith('ready\n')) {
        child.stdout.off('data', onData);
        child.stdout.on('data', (more: Buffer) => (out += more.toString()));
        resolve();
      }
    };
    child.stdout.on('data', onData);
  });
  const result = new Promise<ReaderResult>((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.slice('ready\n'.length))) : reject(new Error(`reader exited ${code}: ${err}`)),
    ),
  );
  return { ready, result };
}

/** Write number `i`: its evidence window holds between 0 and 299 entries (about 0.8 KB to 60 KB). */
function body(i: number) {
  const count = (i * 37) % 300;
  return regressionBody(count, `v${i}:n${count}`);
}

/** Runs the reader while `write(i)` is called for i = 1..WRITES, one after the other. */
async function readWhileWriting(file: string, dir: string, write: (i: number) => Promise<unknown>): Promise<ReaderResult> {
  const stopFile = path.join(dir, 'stop');
  const reader = startReader(file, stopFile);
  await reader.ready;
  for (let i = 1; i <= WRITES; i++) await write(i);
  await writeFile(stopFile, '');
  return reader.result;
}

describe('status files under a concurrent reader in another process', () => {
  it('are never seen torn when written through the status store', async () => {
    const { dir, remove } = await tempDir('torn');
    try {
      const statusDir = path.join(dir, 'status');
      const store = createStatusStore({ statusDir, run: 'torn' });
      await store.write('regression', body(0));
      const result = await readWhileWriting(store.fileOf('regression'), dir, (i) => store.write('regression', body(i)));
      expect(result.torn).toBe(0);
      expect(result.missing).toBe(0);
      // The reader really ran alongside the writer, over files of very different sizes.
      expect(result.versions).toBeGreaterThan(100);
      expect(result.bytesMax).toBeGreaterThan(10 * result.bytesMin);
    } finally {
      await remove();
    }
    // 3000 atomic writes beside a reader process: a bound for a loaded 2-core machine, not a measure.
  }, 240_000);

  it('are seen torn with a plain truncate-and-write writer (the control: the test can fail)', async () => {
    const { dir, remove } = await tempDir('torn-control');
    try {
      const file = path.join(dir, 'regression_monitoring.json');
      const stamp = { last_update: '2026-01-01T00:00:00.000Z', schema_version: 1 };
      await writeFile(file, JSON.stringify({ ...body(0), ...stamp }));
      const result = await readWhileWriting(file, dir, (i) => writeFile(file, JSON.stringify({ ...body(i), ...stamp }, null, 2)));
      expect(result.versions).toBeGreaterThan(100);
      expect(result.torn).toBeGreaterThan(0);
    } finally {
      await remove();
    }
  }, 240_000);
});
