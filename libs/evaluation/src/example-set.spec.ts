import { afterEach, describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadExampleSet } from './example-set.js';

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
