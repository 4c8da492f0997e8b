import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bufferIo } from './cli-io.js';
import { runCli } from './cli.js';

const AT = new Date('2026-04-01T08:00:00.000Z');

describe('flywheel rollback', () => {
  it('sets an earlier champion back, rejecting the one it goes back from', async () => {
    const { dir, remove } = await tempDir('rollback');
    try {
      const status = path.join(dir, 'status');
      await mkdir(status, { recursive: true });
      const history = [
        { champion: 'checkpoint-100', step: 100, score: 0.6, at: '2026-03-01T00:00:00.000Z', previous: null, how: 'first', reason: 'first' },
        { champion: 'checkpoint-200', step: 200, score: 0.7, at: '2026-03-02T00:00:00.000Z', previous: 'checkpoint-100', how: 'promoted', reason: 'better' },
      ];
      await writeFile(path.join(status, 'champion.json'), JSON.stringify({
        champion: 'checkpoint-200', step: 200, score: 0.7, promoted_at: '2026-03-02T00:00:00.000Z', previous: 'checkpoint-100', how: 'promoted',
        evidence: null, reason: 'better', history, last_update: '2026-03-02T00:00:00.000Z', schema_version: 1,
      }));
      const io = bufferIo({ cwd: dir, now: () => AT });
      const argv = ['rollback', 'checkpoint-100', '--reason', 'users report worse answers', '--base-dir', dir, '--redis-url', 'redis://127.0.0.1:1'];
      expect(await runCli(argv, { io, workspaceRoot: dir })).toBe(0);
      const written = JSON.parse(await readFile(path.join(status, 'champion.json'), 'utf8'));
      expect(written).toMatchObject({
        champion: 'checkpoint-100', score: 0.6, how: 'rollback', previous: 'checkpoint-200', promoted_at: AT.toISOString(),
        reason: 'explicit rollback: users report worse answers', rejected: ['checkpoint-200'],
      });
      expect(written.history).toHaveLength(3);
      expect(io.out()).toContain('champion: checkpoint-200 → checkpoint-100');
      // Neither champion before nor on disk: refused, naming it.
      const refused = bufferIo({ cwd: dir });
      expect(await runCli(['rollback', 'checkpoint-900', '--reason', 'x', '--base-dir', dir, '--redis-url', 'redis://127.0.0.1:1'], { io: refused, workspaceRoot: dir })).toBe(1);
      expect(refused.err()).toContain('checkpoint-900 has never been champion');
    } finally {
      await remove();
    }
  });
});
