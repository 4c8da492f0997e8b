import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.js';

describe('writeFileAtomic', () => {
  it('creates the folder, writes the content and leaves no temp file behind', async () => {
    const { dir, remove } = await tempDir('atomic');
    try {
      const target = path.join(dir, 'a', 'b', 'status.json');
      await writeFileAtomic(target, '{"x":1}\n');
      expect(await readFile(target, 'utf8')).toBe('{"x":1}\n');
      expect(await readdir(path.join(dir, 'a', 'b'))).toEqual(['status.json']);
    } finally {
      await remove();
    }
  });

  it('replaces the file by rename (a new inode), not by rewriting it in place', async () => {
    const { dir, remove } = await tempDir('atomic');
    try {
      const target = path.join(dir, 'status.json');
      await writeFileAtomic(target, 'old');
      const before = await stat(target);
      await writeFileAtomic(target, 'new content');
      const after = await stat(target);
      expect(await readFile(target, 'utf8')).toBe('new content');
      // An in-place rewrite (truncate + write) keeps the inode; rename swaps in the temp file's.
      expect(after.ino).not.toBe(before.ino);
    } finally {
      await remove();
    }
  });

  it('removes its temp file when the rename fails', async () => {
    const { dir, remove } = await tempDir('atomic');
    try {
      // A folder where the file should go: rename(file → non-empty folder) fails.
      const target = path.join(dir, 'status.json');
      await mkdir(path.join(target, 'inside'), { recursive: true });
      await expect(writeFileAtomic(target, 'data')).rejects.toMatchObject({ code: expect.stringMatching(/EISDIR|ENOTEMPTY|EEXIST/) });
      expect(await readdir(dir)).toEqual(['status.json']);
      expect(await readdir(target)).toEqual(['inside']);
    } finally {
      await remove();
    }
  });
});
