import { describe, expect, it } from '@jest/globals';
import { freePort, tempDir } from '@flywheel/testing';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from './cli.js';
import { bufferIo } from './cli-io.js';
import { queueVerdict, scanQueueFolder, type QueueFolderHealth } from './queue-health.js';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);

async function put(dir: string, name: string, bytes: number, ageSeconds: number) {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  await writeFile(file, 'x'.repeat(bytes));
  await utimes(file, ago(ageSeconds), ago(ageSeconds));
}

describe('scanQueueFolder', () => {
  it('counts the waiting *.jsonl files, their bytes and the oldest, and ignores temp files', async () => {
    const { dir, remove } = await tempDir('cli-queue');
    try {
      const normal = path.join(dir, 'normal');
      await put(normal, 'batch_b.jsonl', 100, 600);
      await put(normal, 'batch_a.jsonl', 50, 7200);
      await put(normal, '.batch_c.jsonl.123.tmp', 999, 9000);
      await put(normal, 'notes.txt', 999, 9000);
      expect(await scanQueueFolder(dir, 'normal', NOW)).toEqual({
        folder: 'normal', path: normal, exists: true, files: 2, bytes: 150, oldest_file: 'batch_a.jsonl', oldest_age_seconds: 7200,
      });
      expect(await scanQueueFolder(dir, 'rejected', NOW)).toEqual({
        folder: 'rejected', path: path.join(dir, 'rejected'), exists: false, files: 0, bytes: 0, oldest_file: null, oldest_age_seconds: null,
      });
    } finally {
      await remove();
    }
  });
});

describe('queueVerdict', () => {
  const normal = (files: number, oldest: number | null): QueueFolderHealth => ({
    folder: 'normal', path: '/q/normal', exists: true, files, bytes: 0, oldest_file: oldest === null ? null : 'a.jsonl', oldest_age_seconds: oldest,
  });
  it('is healthy with enough young files, low below --min-files, stuck past --stuck-after (stuck wins)', () => {
    expect(queueVerdict(normal(2, 3600), 2, 3600)).toEqual({ verdict: 'healthy', reasons: [] });
    expect(queueVerdict(normal(1, 10), 2, 3600).verdict).toBe('low');
    expect(queueVerdict(normal(0, null), 2, 3600).reasons).toEqual(['0 file(s) waiting in queue/normal (fewer than --min-files 2): is data-generation running?']);
    expect(queueVerdict(normal(5, 3601), 2, 3600)).toEqual({
      verdict: 'stuck',
      reasons: ['oldest file a.jsonl has waited 1h 00m (> 1h 00m): is the trainer taking files?'],
    });
    expect(queueVerdict(normal(1, 4000), 2, 3600)).toMatchObject({ verdict: 'stuck', reasons: [expect.stringContaining('oldest'), expect.stringContaining('fewer than')] });
  });
});

describe('flywheel queue-health without Redis', () => {
  it('reports the folders, says the queue counts are unknown, and exits 1 unless healthy', async () => {
    const { dir, remove } = await tempDir('cli-queue');
    try {
      const redisUrl = `redis://127.0.0.1:${await freePort()}`;
      const now = () => NOW;
      await put(path.join(dir, 'queue', 'normal'), 'a.jsonl', 2048, 60);
      await put(path.join(dir, 'queue', 'corrections'), 'corrections_20260601.jsonl', 10, 60);
      const io = bufferIo({ cwd: dir, now });
      expect(await runCli(['queue-health', '--base-dir', dir, '--redis-url', redisUrl], { io, workspaceRoot: dir })).toBe(1);
      const out = io.out();
      expect(out).toMatch(/^queue\/normal\s+1\s+2\.0 KiB\s+a\.jsonl\s+1m 00s$/m);
      expect(out).toMatch(/^queue\/rejected\s+missing\s+0 B\s+-\s+-$/m);
      expect(out).toContain(`daemon queues: unknown (redis at ${redisUrl} unreachable: connect ECONNREFUSED`);
      expect(out).toContain('verdict: low\n  - 1 file(s) waiting in queue/normal (fewer than --min-files 2)');

      const json = bufferIo({ cwd: dir, now });
      expect(await runCli(['queue-health', '--min-files', '1', '--redis-url', redisUrl, '--json'], { io: json, workspaceRoot: dir })).toBe(0);
      const health = JSON.parse(json.out());
      expect(health).toMatchObject({ verdict: 'healthy', min_files: 1, stuck_after_seconds: 3600, daemon_queues: null });
      expect(health.folders.map((f: { files: number }) => f.files)).toEqual([1, 1, 0]);

      const stuck = bufferIo({ cwd: dir, now });
      expect(await runCli(['queue-health', '--min-files', '1', '--stuck-after', '30', '--redis-url', redisUrl], { io: stuck, workspaceRoot: dir })).toBe(1);
      expect(stuck.out()).toContain('verdict: stuck');
    } finally {
      await remove();
    }
  });
});
