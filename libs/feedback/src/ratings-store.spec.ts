import { describe, expect, it, afterEach } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
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

describe('ratings in force', () => {
  it('keeps the last rating of each request, in the order those were written', () => {
    // GOOD_1 and BAD_1_AGAIN rate req-1; the later one stands, at its own place in the file.
    expect(ratingsInForce(RATINGS)).toEqual({ ratings: [BAD_2, BAD_3, GOOD_4, BAD_1_AGAIN], replaced: 1 });
  });
});
