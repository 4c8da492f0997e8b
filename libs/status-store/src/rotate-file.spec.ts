import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { appendFileSync, closeSync, openSync, writeSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { readRecentLines } from './read-recent-lines.js';
import { rotateBeforeAppend, type Rotation } from './rotate-file.js';

// Every line is 8 bytes: "line-NN\n".
const line = (n: number) => `line-${String(n).padStart(2, '0')}\n`;

function appendLines(file: string, rotation: Rotation, from: number, to: number): boolean[] {
  const rotated: boolean[] = [];
  for (let n = from; n <= to; n += 1) {
    rotated.push(rotateBeforeAppend(file, rotation, 8));
    appendFileSync(file, line(n));
  }
  return rotated;
}

async function contents(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readFile(path.join(dir, name), 'utf8')] as const)));
}

describe('hostile input: growth of the append-only files (rotateBeforeAppend)', () => {
  it('keeps at most maxBytes per file and rotatedFiles copies, dropping the oldest', async () => {
    const { dir, remove } = await tempDir('rotate');
    try {
      const file = path.join(dir, 'log.jsonl');
      // 20 bytes hold two 8-byte lines; a third would make 24 > 20, so every third append rotates.
      const rotated = appendLines(file, { maxBytes: 20, rotatedFiles: 2 }, 0, 9);
      expect(rotated).toEqual([false, false, true, false, true, false, true, false, true, false]);
      // Lines 0-3 were in copies that fell off the end.
      expect(await contents(dir)).toEqual({
        'log.jsonl': line(8) + line(9),
        'log.jsonl.1': line(6) + line(7),
        'log.jsonl.2': line(4) + line(5),
      });
    } finally {
      await remove();
    }
  });

  it('with rotatedFiles 0 starts the file afresh and keeps no copy', async () => {
    const { dir, remove } = await tempDir('rotate');
    try {
      const file = path.join(dir, 'log.jsonl');
      appendLines(file, { maxBytes: 20, rotatedFiles: 0 }, 0, 4);
      expect(await contents(dir)).toEqual({ 'log.jsonl': line(4) });
    } finally {
      await remove();
    }
  });

  it('does nothing to a missing or empty file, and lets one line larger than maxBytes into an empty file', async () => {
    const { dir, remove } = await tempDir('rotate');
    try {
      const file = path.join(dir, 'log.jsonl');
      expect(rotateBeforeAppend(file, { maxBytes: 4, rotatedFiles: 2 }, 8)).toBe(false);
      appendFileSync(file, '');
      expect(rotateBeforeAppend(file, { maxBytes: 4, rotatedFiles: 2 }, 8)).toBe(false);
      appendFileSync(file, line(0));
      // Without an incoming size (a writer that cannot know it) the file rotates once it is over.
      expect(rotateBeforeAppend(file, { maxBytes: 8, rotatedFiles: 2 })).toBe(false);
      expect(rotateBeforeAppend(file, { maxBytes: 7, rotatedFiles: 2 })).toBe(true);
      expect(await contents(dir)).toEqual({ 'log.jsonl.1': line(0) });
    } finally {
      await remove();
    }
  });
});

describe('hostile input: growth of server.log (rotateBeforeAppend in place: a file another process holds open)', () => {
  it('copies the file to <file>.1 and truncates it, and the holder goes on appending to the file', async () => {
    const { dir, remove } = await tempDir('rotate');
    const file = path.join(dir, 'server.log');
    // Opened for appending, as the deployer hands the server its stdout.
    const fd = openSync(file, 'a');
    try {
      const rotation = { maxBytes: 20, rotatedFiles: 2 };
      writeSync(fd, line(0) + line(1) + line(2)); // 24 bytes > 20
      expect(rotateBeforeAppend(file, rotation, 0, { inPlace: true })).toBe(true);
      writeSync(fd, line(3) + line(4) + line(5));
      expect(rotateBeforeAppend(file, rotation, 0, { inPlace: true })).toBe(true);
      writeSync(fd, line(6) + line(7) + line(8));
      expect(rotateBeforeAppend(file, rotation, 0, { inPlace: true })).toBe(true);
      writeSync(fd, line(9));
      expect(rotateBeforeAppend(file, rotation, 0, { inPlace: true })).toBe(false);
      expect(await contents(dir)).toEqual({
        'server.log': line(9),
        'server.log.1': line(6) + line(7) + line(8),
        'server.log.2': line(3) + line(4) + line(5),
      });
    } finally {
      closeSync(fd);
      await remove();
    }
  });

  it('with rotatedFiles 0 only truncates', async () => {
    const { dir, remove } = await tempDir('rotate');
    const file = path.join(dir, 'server.log');
    const fd = openSync(file, 'a');
    try {
      writeSync(fd, line(0) + line(1) + line(2));
      expect(rotateBeforeAppend(file, { maxBytes: 20, rotatedFiles: 0 }, 0, { inPlace: true })).toBe(true);
      writeSync(fd, line(3));
      expect(await contents(dir)).toEqual({ 'server.log': line(3) });
    } finally {
      closeSync(fd);
      await remove();
    }
  });
});

describe('hostile input: reading rotated files within a bound (readRecentLines)', () => {
  const rotation: Rotation = { maxBytes: 20, rotatedFiles: 2 };

  async function rotatedLog(dir: string): Promise<string> {
    const file = path.join(dir, 'log.jsonl');
    appendLines(file, rotation, 0, 9); // log.jsonl.2: 4,5; log.jsonl.1: 6,7; log.jsonl: 8,9
    return file;
  }

  it('reads every kept copy and the file, oldest first', async () => {
    const { dir, remove } = await tempDir('recent');
    try {
      const file = await rotatedLog(dir);
      expect(await readRecentLines(file, rotation)).toEqual([
        { path: `${file}.2`, text: line(4) + line(5), cut: false },
        { path: `${file}.1`, text: line(6) + line(7), cut: false },
        { path: file, text: line(8) + line(9), cut: false },
      ]);
    } finally {
      await remove();
    }
  });

  it('stops at the byte budget, keeping only complete lines of the file it cuts', async () => {
    const { dir, remove } = await tempDir('recent');
    try {
      const file = await rotatedLog(dir);
      // 16 bytes of log.jsonl, then 8 of log.jsonl.1: exactly its last line.
      expect(await readRecentLines(file, rotation, 24)).toEqual([
        { path: `${file}.1`, text: line(7), cut: true },
        { path: file, text: line(8) + line(9), cut: false },
      ]);
      // 12 bytes of log.jsonl.1 start inside line 6: it is dropped.
      expect((await readRecentLines(file, rotation, 28))[0]).toEqual({ path: `${file}.1`, text: line(7), cut: true });
      // 4 bytes hold no complete line.
      expect((await readRecentLines(file, rotation, 20))[0]).toEqual({ path: `${file}.1`, text: '', cut: true });
      expect(await readRecentLines(file, rotation, 10)).toEqual([{ path: file, text: line(9), cut: true }]);
    } finally {
      await remove();
    }
  });

  it('skips missing copies and reads nothing of a missing file', async () => {
    const { dir, remove } = await tempDir('recent');
    try {
      const file = path.join(dir, 'log.jsonl');
      expect(await readRecentLines(file, rotation)).toEqual([]);
      appendLines(file, rotation, 0, 2); // log.jsonl.1: 0,1; log.jsonl: 2
      expect((await readRecentLines(file, rotation)).map((c) => c.text)).toEqual([line(0) + line(1), line(2)]);
    } finally {
      await remove();
    }
  });
});
