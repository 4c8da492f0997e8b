import { afterEach, describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadExampleSet, utf8Lines } from './example-set.js';

const good = (id: string, extra = {}) => JSON.stringify({ id, prompt: `Q${id}`, golden: 'A', difficulty: 'easy', skill: 'math', ...extra });

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((remove) => remove()));
});

describe('loadExampleSet', () => {
  it('loads good lines and rejects bad ones with file, line and reason', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const a = path.join(dir.dir, 'a.jsonl');
    await writeFile(a, [good('1'), '{not json', '', good('2', { difficulty: 'brutal' }), good('1')].join('\n'));
    await writeFile(path.join(dir.dir, 'b.jsonl'), good('3', { prompt: undefined, messages: [{ role: 'user', content: 'hi' }] }) + '\n');
    await writeFile(path.join(dir.dir, 'notes.txt'), 'ignored');
    const set = await loadExampleSet(dir.dir, 'validation');
    expect(set.examples.map((e) => e.id)).toEqual(['1', '3']);
    expect(set.rejected.map(({ file, line, reason }) => ({ file, line, reason: reason.split(':')[0] }))).toEqual([
      { file: a, line: 2, reason: 'not JSON' },
      { file: a, line: 4, reason: 'difficulty' },
      { file: a, line: 5, reason: 'id' },
    ]);
    expect(set.rejected[2]!.reason).toBe(`id: "1" already used at ${a}:1`);
  });
  it('gives the same id to the same examples in any order, and a new id when one changes', async () => {
    const one = await tempDir();
    cleanups.push(one.remove);
    const two = await tempDir();
    cleanups.push(two.remove);
    await writeFile(path.join(one.dir, 'x.jsonl'), [good('1'), good('2')].join('\n'));
    await writeFile(path.join(two.dir, 'y.jsonl'), [good('2'), good('1')].join('\n'));
    const [a, b] = [await loadExampleSet(one.dir), await loadExampleSet(two.dir)];
    expect(a.id).toBe(b.id);
    await writeFile(path.join(two.dir, 'y.jsonl'), [good('2'), good('1', { golden: 'B' })].join('\n'));
    expect((await loadExampleSet(two.dir)).id).not.toBe(a.id);
  });
  it('rejects an example with both or neither of messages and prompt', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    await writeFile(path.join(dir.dir, 'a.jsonl'), good('1', { messages: [{ role: 'user', content: 'x' }] }));
    const set = await loadExampleSet(dir.dir);
    expect(set.rejected[0]!.reason).toBe('messages: give exactly one of "messages" or "prompt"');
  });
  it('names the folder when it cannot be read', async () => {
    await expect(loadExampleSet('/nonexistent/validation')).rejects.toThrow('cannot read /nonexistent/validation (ENOENT)');
  });
});

describe('hostile input: example sets from the wild (a BOM, invalid UTF-8)', () => {
  it('reads a file that starts with a byte-order mark without losing its first line', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    await writeFile(path.join(dir.dir, 'a.jsonl'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([good('1'), good('2')].join('\r\n') + '\r\n')]));
    const set = await loadExampleSet(dir.dir);
    expect([set.examples.map((e) => e.id), set.rejected]).toEqual([['1', '2'], []]);
  });

  it('quarantines a line that is not valid UTF-8 with its raw bytes, instead of replacing them', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const a = path.join(dir.dir, 'a.jsonl');
    // Line 2 holds a Latin-1 "é" (0xE9), which is not UTF-8, at byte 11 (column 11, 1-based) of that line.
    const latin1 = Buffer.concat([Buffer.from('{"id": "x', 'utf8'), Buffer.from([0x20, 0xe9]), Buffer.from('", "prompt": "Q", "golden": "A", "difficulty": "easy", "skill": "s"}')]);
    await writeFile(a, Buffer.concat([Buffer.from(good('1') + '\n'), latin1, Buffer.from('\n' + good('3') + '\n')]));
    const set = await loadExampleSet(dir.dir);
    expect(set.examples.map((e) => e.id)).toEqual(['1', '3']);
    expect(set.rejected).toEqual([{ file: a, line: 2, reason: 'not valid UTF-8 (first bad byte at column 11)', text: latin1.toString('utf8'), raw_base64: latin1.toString('base64') }]);
    expect(Buffer.from(set.rejected[0]!.raw_base64!, 'base64').equals(latin1)).toBe(true);
  });

  it('names the column of a stray continuation byte and of a sequence cut short, as 1-based byte columns', () => {
    // "ab" then 0x80 (a continuation byte with no lead): column 3. "€" is E2 82 AC; cut after E2 82 by "x": the sequence starts at column 2.
    const lines = utf8Lines(Buffer.from([0x61, 0x62, 0x80, 0x0a, 0x7a, 0xe2, 0x82, 0x78, 0x0a, 0xe2, 0x82, 0xac]));
    expect(lines.map((l) => l.invalidUtf8?.column ?? null)).toEqual([3, 2, null]);
    expect(lines[2]!.text).toBe('€');
  });
});
