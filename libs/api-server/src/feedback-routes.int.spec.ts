// The feedback routes against a real API app: a private Redis holding gateway requests the
// way the gateway writes them, real files for the ratings, the queue and the evaluator cache.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { redisNamespace, type FeedbackRecord, type GatewayEvent } from '@flywheel/contracts';
import { correctionsFile, ratingsFile, readRatings } from '@flywheel/feedback';
import { createStatusStore } from '@flywheel/status-store';
import { redisPerFile, tempDir } from '@flywheel/testing';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { createApiApp, type ApiApp } from './create-api-app.js';
import { defaultProductionSettings } from './production-settings.js';
import { record, writeResult } from './eval-results.fixture.js';

const TOKEN = 'a-test-token-of-enough-length';
const RUN = 'feedback';
const logger = pino({ level: 'silent' });
const redis = redisPerFile({ maxRetriesPerRequest: 1, enableOfflineQueue: false });
const auth = { Authorization: `Bearer ${TOKEN}` };
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
let temp: { dir: string; remove: () => Promise<void> };
let app: ApiApp;
const dirs = () => ({ statusDir: path.join(temp.dir, 'status'), queueDir: path.join(temp.dir, 'queue'), dataDir: path.join(temp.dir, 'data') });

/** A request as the gateway records it for rating. */
function gatewayRequest(id: string, fields: Partial<GatewayEvent> = {}): GatewayEvent {
  return {
    id, at: '2026-11-25T09:00:00.000Z', kind: 'chat', stream: false, model: 'model-a', outcome: 'success', status: 200, error: null,
    latency_ms: 120, first_token_ms: null, prompt_tokens: 9, completion_tokens: 2, tokens_per_second: 16.7,
    attempts: [{ model: 'model-a', outcome: 'success', status: 200, error: null, latency_ms: 120 }],
    prompt: 'What is 9 + 10?', output: '21', skill: 'arithmetic', ...fields,
  };
}

const rate = (body: unknown) => request(app).post('/api/monitor/training/rate').set(auth).send(body as object);

beforeAll(async () => {
  temp = await tempDir('api-feedback');
  const { statusDir, queueDir, dataDir } = dirs();
  const statusStore = createStatusStore({ statusDir, run: RUN, redis: redis.client, logger });
  app = createApiApp({ statusStore, redis: redis.client, run: RUN, staleFactor: 2, staleAfterSeconds: 60, logger, token: TOKEN, queueDir, dataDir });
  const keys = redisNamespace(RUN);
  for (const event of [
    gatewayRequest('req-good', { model: 'model-b', prompt: 'Is Tom a mammal?', output: 'yes', skill: null }),
    gatewayRequest('req-bad'),
    gatewayRequest('req-mail', { prompt: 'Reply to jane.doe@example.com: what is 2 + 3?', output: '6' }),
    gatewayRequest('req-failed', { outcome: 'error', status: 502, error: 'upstream 502', output: '' }),
  ]) {
    await redis.client.set(keys.gatewayRequest(event.id), JSON.stringify(event), 'EX', 600);
  }
  // A dashboard preview: checkpoint-300's answer to a chat example of the validation set.
  await mkdir(path.join(dataDir, 'validation'), { recursive: true });
  const chat = { id: 'syl-1', messages: [{ role: 'system', content: 'Answer yes or no.' }, { role: 'user', content: 'All cats are mammals. Tom is a cat. Is Tom a mammal?' }], golden: 'yes', difficulty: 'medium', skill: 'syllogism' };
  await writeFile(path.join(dataDir, 'validation', 'set.jsonl'), JSON.stringify(chat) + '\n');
  await writeResult(path.join(statusDir, 'evals'), 'checkpoint-300', 'k1', [{ ...record('syl-1', 'medium', false, 'no'), skill: 'syllogism' }]);
});
afterAll(async () => {
  await app.closeResources();
  await temp.remove();
});

describe('POST /api/monitor/training/rate', () => {
  it('needs the bearer token, and stores nothing without it', async () => {
    const res = await request(app).post('/api/monitor/training/rate').send({ request_id: 'req-good', rating: 'good' });
    expect(res.status).toBe(401);
    await expect(readFile(ratingsFile(dirs().statusDir), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('refuses a bad body with 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ request_id: 'req-good' }, 'rating'],
      [{ request_id: 'req-good', rating: 'meh' }, 'rating'],
      [{ request_id: '', rating: 'good' }, 'request_id'],
      [{ request_id: 'req-good', rating: 'good', score: 9 }, 'score'],
      [{ request_id: 'req-good', rating: 'bad', corection: 'typo' }, 'corection'],
      [{ request_id: 'req-good', rating: 'good', correction: 'no' }, 'correction'],
      [{ source: 'preview', checkpoint: 'ckpt-3', example_id: 'syl-1', rating: 'bad' }, 'checkpoint'],
      [{ source: 'preview', checkpoint: 'checkpoint-300', rating: 'bad' }, 'example_id'],
      [{ request_id: 'req-good', rating: 'good', dimensions: { creativity: 6 } }, 'dimensions.creativity'],
      [{ request_id: 'req-good', rating: 'good', dimensions: { relevance: 2.5 } }, 'dimensions.relevance'],
      [{ request_id: 'req-good', rating: 'good', dimensions: { overall: '4' } }, 'dimensions.overall'],
      [{ request_id: 'req-good', rating: 'good', dimensions: {} }, 'dimensions'],
      [{ source: 'preview', checkpoint: 'checkpoint-300', example_id: 'syl-1', rating: 'good', dimensions: { accuracy: 0 } }, 'dimensions.accuracy'],
    ];
    for (const [body, field] of cases) {
      const res = await rate(body);
      expect([res.status, res.body.field, res.body.error.startsWith(`${field}: `)]).toEqual([400, field, true]);
    }
    expect((await rate({ request_id: 'req-good', rating: 'good', dimensions: { creativity: 6 } })).body.error).toBe('dimensions.creativity: must be an integer 1–5');
    expect((await rate({ request_id: 'req-good', rating: 'good', dimensions: {} })).body.error).toBe('dimensions: give at least one of relevance, accuracy, helpfulness, creativity, overall');
    // A misspelt dimension is refused, not dropped.
    expect((await rate({ request_id: 'req-good', rating: 'good', dimensions: { creativty: 4 } })).status).toBe(400);
    const notJson = await request(app).post('/api/monitor/training/rate').set(auth).set('Content-Type', 'text/plain').send('good');
    expect([notJson.status, notJson.body.field]).toEqual([400, '(body)']);
  });

  it('answers 404 naming an unknown or expired request id, and 409 for a request that failed', async () => {
    const unknown = await rate({ request_id: 'req-gone', rating: 'bad', correction: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.request_id).toBe('req-gone');
    expect(unknown.body.error).toContain('"req-gone"');
    const failed = await rate({ request_id: 'req-failed', rating: 'bad' });
    expect([failed.status, failed.body.request_id]).toEqual([409, 'req-failed']);
    const previewGone = await rate({ source: 'preview', checkpoint: 'checkpoint-300', example_id: 'add-9', rating: 'good' });
    expect([previewGone.status, previewGone.body.field]).toEqual([404, 'example_id']);
    await expect(readFile(ratingsFile(dirs().statusDir), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('joins the gateway request, appends the record to the file and the stream, and queues the correction', async () => {
    const good = await rate({ request_id: 'req-good', rating: 'good', score: 5 });
    expect(good.status).toBe(201);
    expect(good.body.correction_file).toBeNull();
    const bad = await rate({ request_id: 'req-bad', rating: 'bad', correction: '19', score: 1 });
    expect(bad.status).toBe(201);
    const record: FeedbackRecord = bad.body.record;
    expect(record.at).toMatch(ISO);
    expect(record).toEqual({ request_id: 'req-bad', rating: 'bad', correction: '19', score: 1, at: record.at, model: 'model-a', prompt: 'What is 9 + 10?', original_completion: '21', skill: 'arithmetic' });

    const lines = (await readFile(ratingsFile(dirs().statusDir), 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([good.body.record, record]);

    const stream = await redis.client.xrange(redisNamespace(RUN).feedback, '-', '+');
    expect(stream.map(([id, fields]) => [id, fields[0], JSON.parse(fields[1]!)])).toEqual([
      [good.body.stream_id, 'record', good.body.record],
      [bad.body.stream_id, 'record', record],
    ]);

    const file = correctionsFile(dirs().queueDir, new Date(record.at));
    expect(bad.body.correction_file).toBe(path.relative(dirs().queueDir, file));
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      messages: [{ role: 'user', content: 'What is 9 + 10?' }, { role: 'assistant', content: '19' }],
      skill: 'arithmetic', source: 'feedback', request_id: 'req-bad', model_failed: 'model-a', original_completion: '21',
    });
  });

  it('rates a dashboard preview by checkpoint and example id; its correction is kept out of training (the example is held out)', async () => {
    const res = await rate({ source: 'preview', checkpoint: 'checkpoint-300', example_id: 'syl-1', rating: 'bad', correction: 'yes' });
    expect(res.status).toBe(201);
    // Not production traffic: kept out of the stream the gateway and the monitor read.
    expect(res.body.stream_id).toBeNull();
    expect(await redis.client.xlen(redisNamespace(RUN).feedback)).toBe(2);
    expect(res.body.record).toEqual({
      request_id: 'preview:checkpoint-300:syl-1', rating: 'bad', correction: 'yes', at: res.body.record.at,
      model: 'checkpoint-300', prompt: 'All cats are mammals. Tom is a cat. Is Tom a mammal?', original_completion: 'no', skill: 'syllogism',
    });
    // syl-1 is in the validation set, which gates promotion: training on its correction would leak it.
    expect(res.body.correction_file).toBeNull();
    expect(res.body.correction_refused).toBe('shares "all cats are mammals tom is a cat is tom a mammal" with held-out example syl-1 (13-gram check)');
    const rejected = (await readFile(path.join(dirs().queueDir, 'rejected', `${path.basename(correctionsFile(dirs().queueDir, new Date(res.body.record.at)))}.rejected.jsonl`), 'utf8')).trimEnd().split('\n');
    expect(JSON.parse(rejected.at(-1)!)).toMatchObject({ kind: 'contaminated', reason: res.body.correction_refused });
    expect(JSON.parse(JSON.parse(rejected.at(-1)!).text)).toEqual({
      messages: [
        { role: 'system', content: 'Answer yes or no.' },
        { role: 'user', content: 'All cats are mammals. Tom is a cat. Is Tom a mammal?' },
        { role: 'assistant', content: 'yes' },
      ],
      difficulty: 'medium', skill: 'syllogism', source: 'feedback', request_id: 'preview:checkpoint-300:syl-1', model_failed: 'checkpoint-300', original_completion: 'no',
    });
  });

});

describe('GET /api/monitor/training/stats and /export', () => {
  it('counts the ratings in force, a re-rating replacing the earlier one, and reports unreadable lines', async () => {
    // req-good re-rated bad without a correction: it no longer counts as good.
    const again = await rate({ request_id: 'req-good', rating: 'bad' });
    expect(again.status).toBe(201);
    const file = ratingsFile(dirs().statusDir);
    await appendFile(file, '{"request_id": "torn\n');
    const res = await request(app).get('/api/monitor/training/stats');
    expect(res.status).toBe(200);
    // In force: req-bad (model-a, bad, correction, score 1), preview syl-1 (checkpoint-300, bad,
    // correction), req-good (model-b, bad, no correction, no score). Replaced: req-good's good.
    expect(res.body).toEqual({
      // Relative to the status folder: the run's absolute place stays on the host.
      file: 'feedback/ratings.jsonl',
      total: 3, good: 0, bad: 3, with_correction: 2, mean_score: 1, clarifications: 0, scored: 1,
      last_rating_at: again.body.record.at, replaced: 1,
      by_model: {
        'checkpoint-300': { total: 1, good: 0, bad: 1, with_correction: 1, mean_score: null },
        'model-a': { total: 1, good: 0, bad: 1, with_correction: 1, mean_score: 1 },
        'model-b': { total: 1, good: 0, bad: 1, with_correction: 0, mean_score: null },
      },
      by_skill: {
        '(none)': { total: 1, good: 0, bad: 1, with_correction: 0, mean_score: null },
        arithmetic: { total: 1, good: 0, bad: 1, with_correction: 1, mean_score: 1 },
        syllogism: { total: 1, good: 0, bad: 1, with_correction: 1, mean_score: null },
      },
      errors: [{ file: 'feedback/ratings.jsonl', line: 5, message: expect.stringMatching(/^not JSON: /) }],
    });
  });

  it('exports JSONL: corrections as completions, bad ones without a correction left out, filters checked', async () => {
    const res = await request(app).get('/api/monitor/training/export');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(res.text).toBe(
      '{"prompt":"What is 9 + 10?","completion":"19","original_completion":"21","rating":"bad"}\n' +
        '{"prompt":"All cats are mammals. Tom is a cat. Is Tom a mammal?","completion":"yes","original_completion":"no","rating":"bad"}\n',
    );
    expect((await request(app).get('/api/monitor/training/export?rating=good')).text).toBe('');
    expect((await request(app).get('/api/monitor/training/export?rating=bad&since=2000-01-01T00:00:00Z')).text.split('\n')).toHaveLength(3);
    expect((await request(app).get('/api/monitor/training/export?since=2999-01-01T00:00:00%2B02:00')).text).toBe('');

    const good = await rate({ request_id: 'req-good', rating: 'good' });
    expect((await request(app).get(`/api/monitor/training/export?rating=good&since=${encodeURIComponent(good.body.record.at)}`)).text).toBe(
      '{"prompt":"Is Tom a mammal?","completion":"yes","rating":"good"}\n',
    );

    for (const [query, field] of [['rating=meh', 'rating'], ['since=yesterday', 'since'], ['format=csv', 'format']]) {
      const bad = await request(app).get(`/api/monitor/training/export?${query}`);
      expect([bad.status, bad.body.field]).toEqual([400, field]);
    }
  });

  it('replaces personal data in the export by default (safety.redact), and keeps it when redaction is off', async () => {
    const id = 'req-pii';
    const output = 'Mail jane.doe@example.com, card 4111 1111 1111 1111';
    await redis.client.set(redisNamespace(RUN).gatewayRequest(id), JSON.stringify(gatewayRequest(id, { prompt: 'Where do I send it?', output, skill: null })), 'EX', 600);
    const rated = await rate({ request_id: id, rating: 'good' });
    expect(rated.status).toBe(201);
    const query = `rating=good&since=${encodeURIComponent(rated.body.record.at)}`;
    // 4111 1111 1111 1111 passes Luhn: a card; the address is an e-mail.
    expect((await request(app).get(`/api/monitor/training/export?${query}`)).text).toBe(
      '{"prompt":"Where do I send it?","completion":"Mail [REDACTED:email], card [REDACTED:card]","rating":"good"}\n',
    );
    const { monitor, safety, cost } = defaultProductionSettings();
    const raw = createApiApp({
      statusStore: createStatusStore({ statusDir: dirs().statusDir, run: RUN, redis: redis.client, logger }), redis: redis.client, run: RUN,
      staleFactor: 2, staleAfterSeconds: 60, logger, productionSettings: { monitor, cost, safety: { ...safety, redact: false } },
    });
    try {
      expect((await request(raw).get(`/api/monitor/training/export?${query}`)).text).toBe(
        `{"prompt":"Where do I send it?","completion":"${output}","rating":"good"}\n`,
      );
    } finally {
      await raw.closeResources();
    }
  });
});

// Last, so the counts of the stats and export tests above are not changed by it.
describe('a correction with personal data', () => {
  it('redacts personal data from a correction before it is queued for training', async () => {
    const res = await rate({ request_id: 'req-mail', rating: 'bad', correction: '5' });
    expect(res.status).toBe(201);
    const lines = (await readFile(path.join(dirs().queueDir, res.body.correction_file), 'utf8')).trimEnd().split('\n');
    const mine = lines.map((l) => JSON.parse(l) as { request_id: string; messages: unknown }).find((l) => l.request_id === 'req-mail');
    expect(mine!.messages).toEqual([{ role: 'user', content: 'Reply to [REDACTED:email]: what is 2 + 3?' }, { role: 'assistant', content: '5' }]);
    expect(lines.join('\n')).not.toContain('jane.doe');
  });
});

// After the stats and export tests, whose counts it would change.
describe('a rating in five dimensions', () => {
  it('is stored with the record, sent on the stream and kept in the export', async () => {
    const res = await rate({ request_id: 'req-good', rating: 'good', dimensions: { relevance: 5, creativity: 2 } });
    expect(res.status).toBe(201);
    expect(res.body.record).toMatchObject({ request_id: 'req-good', rating: 'good', dimensions: { relevance: 5, creativity: 2 }, model: 'model-b' });
    // Read as the export reads it (an earlier test left an unreadable line in the file).
    expect((await readRatings(ratingsFile(dirs().statusDir))).records.at(-1)).toEqual(res.body.record);
    const stream = await redis.client.xrange(redisNamespace(RUN).feedback, res.body.stream_id, res.body.stream_id);
    expect(JSON.parse(stream[0]![1][1]!)).toEqual(res.body.record);
    expect((await request(app).get(`/api/monitor/training/export?rating=good&since=${encodeURIComponent(res.body.record.at)}`)).text).toBe(
      '{"prompt":"Is Tom a mammal?","completion":"yes","rating":"good","dimensions":{"relevance":5,"creativity":2}}\n',
    );
  });
});
