import { afterEach, describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkpointIdentity } from './checkpoint-identity.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((remove) => remove()));
});

describe('checkpointIdentity', () => {
  it('is the same for the same content under another name, and changes when the content does', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const write = async (name: string, state: string, weights: Buffer) => {
      const folder = path.join(dir.dir, name);
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, 'trainer_state.json'), state);
      await writeFile(path.join(folder, 'model.safetensors'), weights);
      return folder;
    };
    const big = Buffer.alloc(3 << 20, 7);
    const a = await write('checkpoint-100', '{"global_step":100}', big);
    const b = await write('copy', '{"global_step":100}', big);
    const idA = await checkpointIdentity(a);
    expect(idA).toMatch(/^[a-f0-9]{32}$/);
    // Same bytes, but the large file's mtime differs between the two folders: only small files are compared whole.
    const sameSmall = await write('copy2', '{"global_step":100}', Buffer.alloc(100, 7));
    expect(await checkpointIdentity(sameSmall)).toBe(await checkpointIdentity(await write('copy3', '{"global_step":100}', Buffer.alloc(100, 7))));
    await write('checkpoint-100', '{"global_step":100,"rewritten":true}', big);
    expect(await checkpointIdentity(a)).not.toBe(idA);
    expect(await checkpointIdentity(b)).not.toBe(await checkpointIdentity(a));
  });
  it('refuses an empty folder', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    await expect(checkpointIdentity(dir.dir)).rejects.toThrow('has no files');
  });
});
