// Self-correction's malformed-input suite: every case is reported with its line, nothing is lost.
import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { quarantineRejected } from './quarantine-lines.js';
import { scanTrainingFile } from './scan-training-file.js';

const ok = (q: string, a: string) => JSON.stringify({ messages: [{ role: 'user', content: q }, { role: 'assistant', content: a }] });
const MAX = 1 << 20;

async function withFile(content: Buffer | string, check: (file: string, dir: string) => Promise<void>) {
  const t = await tempDir('malformed');
  try {
    const file = path.join(t.dir, 'batch.jsonl');
    await writeFile(file, content);
    await check(file, t.dir);
  } finally {
    await t.remove();
  }
}

describe('hostile input: training files from the wild (scanTrainingFile)', () => {
  it('rejects a truncated line and keeps the rest', () =>
    withFile([ok('a', 'b'), ok('c', 'd').slice(0, 20), ok('e', 'f')].join('\n') + '\n', async (file, dir) => {
      const scan = await scanTrainingFile(file, MAX);
      expect(scan.valid.map((v) => v.line)).toEqual([1, 3]);
      expect(scan.rejected).toMatchObject([{ line: 2, reason: expect.stringMatching(/^not JSON \(truncated\?\)/) }]);
      const target = await quarantineRejected(scan, path.join(dir, 'rejected'));
      expect((await readFile(file, 'utf8')).trim().split('\n')).toEqual([ok('a', 'b'), ok('e', 'f')]);
      const kept = JSON.parse((await readFile(target!, 'utf8')).trim());
      expect(kept).toMatchObject({ file, line: 2, raw: ok('c', 'd').slice(0, 20), encoding: 'utf8' });
    }));

  it('rejects invalid UTF-8, keeping its bytes', () =>
    withFile(Buffer.concat([Buffer.from(ok('a', 'b') + '\n'), Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a])]), async (file) => {
      const scan = await scanTrainingFile(file, MAX);
      expect(scan.rejected).toEqual([{ file, line: 2, reason: 'not valid UTF-8', raw: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64'), encoding: 'base64' }]);
      expect(scan.valid).toHaveLength(1);
    }));

  it('tolerates a BOM and CRLF endings, and says so', () =>
    withFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${ok('a', 'b')}\r\n${ok('c', 'd')}\r\n`)]), async (file) => {
      const scan = await scanTrainingFile(file, MAX);
      expect(scan.valid.map((v) => v.line)).toEqual([1, 2]);
      expect(scan.rejected).toEqual([]);
      expect(scan.notes.map((n) => n.message)).toEqual(['UTF-8 byte-order mark at the start of the file (ignored)', '2 line(s) end in CRLF (tolerated)']);
    }));

  it('names wrong roles and a missing or empty assistant turn', () =>
    withFile(
      [
        JSON.stringify({ messages: [{ role: 'assistant', content: 'x' }, { role: 'user', content: 'y' }] }),
        JSON.stringify({ messages: [{ role: 'user', content: 'q' }, { role: 'robot', content: 'a' }] }),
        JSON.stringify({ messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'q' }] }),
        JSON.stringify({ messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: '  ' }] }),
        JSON.stringify({ prompt: 'no messages' }),
      ].join('\n'),
      async (file) => {
        const scan = await scanTrainingFile(file, MAX);
        expect(scan.valid).toEqual([]);
        expect(scan.rejected.map((r) => [r.line, r.reason])).toEqual([
          [1, 'messages[0].role: expected "user" here (turns alternate user, assistant), got "assistant"; messages[1].role: expected "assistant" here (turns alternate user, assistant), got "user"; messages: the last turn must be the assistant\'s answer'],
          [2, expect.stringMatching(/^messages\[1\]\.role: /)],
          [3, expect.stringMatching(/^messages: Too small|messages\[1\]|the last turn must be the assistant's answer/)],
          [4, 'messages[1].content: the assistant turn is empty'],
          [5, expect.stringMatching(/^messages: /)],
        ]);
      },
    ));

  it('rejects a 10 MB line over the limit without reading it as JSON', () =>
    withFile(`${ok('a', 'b')}\n${ok('q', 'x'.repeat(10 * 1024 * 1024))}\n${ok('c', 'd')}\n`, async (file) => {
      const scan = await scanTrainingFile(file, MAX);
      expect(scan.valid.map((v) => v.line)).toEqual([1, 3]);
      expect(scan.rejected[0]).toMatchObject({ line: 2, reason: expect.stringMatching(/^line is 1048\d{4} bytes, over the 1048576-byte limit$/) });
    }));

  it('reports an empty file', () =>
    withFile('', async (file) => {
      const scan = await scanTrainingFile(file, MAX);
      expect(scan).toMatchObject({ lines: 0, valid: [], rejected: [], notes: [{ line: null, message: 'empty file' }] });
    }));
});
