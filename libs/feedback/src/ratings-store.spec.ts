import { describe, expect, it, afterEach } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { FeedbackRecord } from '@flywheel/contracts';
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { readJsonLines } from './json-lines.js';
import { appendRating, ratingsFile, ratingsInForce, readRatings } from './ratings-store.js';
import { BAD_1_AGAIN, BAD_2, BAD_3, GOOD_1, GOOD_4, RATINGS } from './ratings.fixture.js';

let base: Awaited<ReturnType<typeof tempDir>> | undefined;
afterEach(async () => base?.remove());

describe('the ratings file', () => {
  it('lives at <statusDir>/feedback/ratings.jsonl', () => {
    expect(ratingsFile('/srv/TRAINING/status')).toBe('/srv/TRAINING/status/feedback/ratings.jsonl');
  });

  it('appends one JSON line per rating, creating the folder, and reads them back in order', async () => {
    base = await tempDir('feedback-store');
    const file = ratingsFile(path.join(base.dir, 'status'));
    for (const record of RATINGS) await appendRating(file, record);
    const text = await readFile(file, 'utf8');
    expect(text.split('\n')).toHaveLength(6); // five lines, then the empty rest after the last newline
    expect(JSON.parse(text.split('\n')[1]!)).toEqual(BAD_2);
    expect(await readRatings(file)).toEqual({ file, records: RATINGS, problems: [] });
  });

  it('reads a missing file as no ratings', async () => {
    base = await tempDir('feedback-store');
    const file = path.join(base.dir, 'nothing.jsonl');
    expect(await readRatings(file)).toEqual({ file, records: [], problems: [] });
  });

  it('skips lines that are not ratings, naming file, line and field', async () => {
    base = await tempDir('feedback-store');
    const file = path.join(base.dir, 'ratings.jsonl');
    const notARating = { ...BAD_2, rating: 'meh' };
    await writeFile(file, [JSON.stringify(GOOD_1), '{"request_id": "req-9", ', JSON.stringify(notARating), '', JSON.stringify(BAD_3)].join('\n') + '\n');
    const stored = await readRatings(file);
    expect(stored.records).toEqual([GOOD_1, BAD_3]);
    expect(stored.problems.map((p) => [p.file, p.line])).toEqual([[file, 2], [file, 3]]);
    expect(stored.problems[0]!.message).toMatch(/^not JSON: /);
    expect(stored.problems[1]!.message).toMatch(/^rating: /);
  });

  it('keeps a line cut short by a crash apart from the next rating', async () => {
    base = await tempDir('feedback-store');
    const file = path.join(base.dir, 'feedback', 'ratings.jsonl');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(GOOD_1) + '\n{"request_id":"req-cut","rat');
    await appendRating(file, BAD_2);
    const stored = await readRatings(file);
    expect(stored.records).toEqual([GOOD_1, BAD_2]);
    expect(stored.problems.map((p) => p.line)).toEqual([2]);
  });

  it('does not interleave ratings appended at the same time', async () => {
    base = await tempDir('feedback-store');
    const file = path.join(base.dir, 'ratings.jsonl');
    const many = Array.from({ length: 40 }, (_, i) => ({ ...BAD_2, request_id: `req-${i}`, correction: 'x'.repeat(2_000 + i) }));
    await Promise.all(many.map((record) => appendRating(file, record)));
    const stored = await readRatings(file);
    expect(stored.problems).toEqual([]);
    expect(stored.records.map((r) => r.request_id).sort()).toEqual(many.map((r) => r.request_id).sort());
  });

  it('refuses to write something that is not a rating', async () => {
    base = await tempDir('feedback-store');
    const file = path.join(base.dir, 'ratings.jsonl');
    await expect(appendRating(file, { ...GOOD_1, at: 'yesterday' })).rejects.toThrow(/at/);
    expect((await readRatings(file)).records).toEqual([]);
  });
});

describe('hostile input: growth of ratings.jsonl (rotated)', () => {
  // GOOD_1 with another one-digit request id is 172 bytes as a line; 400 bytes hold two.
  const rating = (n: number): FeedbackRecord => ({ ...GOOD_1, request_id: `req-${n}` });
  const rotation = { maxBytes: 400, rotatedFiles: 2 };
  const ids = (records: FeedbackRecord[]) => records.map((r) => r.request_id);

  it('rotates before a rating would pass maxBytes, keeps rotatedFiles copies, and reads them all oldest first', async () => {
    base = await tempDir('feedback-rotate');
    const file = ratingsFile(path.join(base.dir, 'status'));
    expect(Buffer.byteLength(JSON.stringify(FeedbackRecord.parse(rating(1))) + '\n')).toBe(172);
    for (let n = 1; n <= 7; n += 1) await appendRating(file, rating(n), rotation);
    // Rotations before ratings 3, 5 and 7; the copy holding 1 and 2 was dropped at the third.
    expect((await readdir(path.dirname(file))).sort()).toEqual(['ratings.jsonl', 'ratings.jsonl.1', 'ratings.jsonl.2']);
    const lines = async (name: string) => (await readFile(path.join(path.dirname(file), name), 'utf8')).trim().split('\n').map((l) => JSON.parse(l).request_id);
    expect(await lines('ratings.jsonl.2')).toEqual(['req-3', 'req-4']);
    expect(await lines('ratings.jsonl.1')).toEqual(['req-5', 'req-6']);
    expect(await lines('ratings.jsonl')).toEqual(['req-7']);
    const stored = await readRatings(file, rotation);
    expect(ids(stored.records)).toEqual(['req-3', 'req-4', 'req-5', 'req-6', 'req-7']);
    expect(stored.problems).toEqual([]);
  });

  it('reads no more than the byte budget, newest lines first', async () => {
    base = await tempDir('feedback-rotate');
    const file = ratingsFile(path.join(base.dir, 'status'));
    for (let n = 1; n <= 7; n += 1) await appendRating(file, rating(n), rotation);
    // 344 bytes: req-7 (the whole current file) and the last line of ratings.jsonl.1.
    expect(ids((await readJsonLines(file, FeedbackRecord, rotation, 344)).values)).toEqual(['req-6', 'req-7']);
  });

  it('reads a file written before rotation only up to the bound: its newest lines', async () => {
    base = await tempDir('feedback-rotate');
    const file = path.join(base.dir, 'ratings.jsonl');
    await writeFile(file, Array.from({ length: 9 }, (_, i) => JSON.stringify(FeedbackRecord.parse(rating(i + 1))) + '\n').join(''));
    // (2 + 1) × 400 = 1200 bytes: six whole lines (1032) and the end of a seventh, which is dropped.
    expect(ids((await readRatings(file, rotation)).records)).toEqual(['req-4', 'req-5', 'req-6', 'req-7', 'req-8', 'req-9']);
  });
});

describe('ratings in force', () => {
  it('keeps the last rating of each request, in the order those were written', () => {
    // GOOD_1 and BAD_1_AGAIN rate req-1; the later one stands, at its own place in the file.
    expect(ratingsInForce(RATINGS)).toEqual({ ratings: [BAD_2, BAD_3, GOOD_4, BAD_1_AGAIN], replaced: 1 });
  });
});
