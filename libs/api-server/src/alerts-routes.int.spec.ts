// The alert routes against a real API app and a private Redis: listing, acknowledging,
// silencing, the analyses file, and rating an analysis into training data.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendAnalysis } from '@flywheel/alert-analysis';
import { alertAnalystKeys, redisNamespace, type Alert, type AlertAnalysisRecord } from '@flywheel/contracts';
import { correctionsFile, ratingsFile, readRatings } from '@flywheel/feedback';
import { createStatusStore } from '@flywheel/status-store';
import { redisPerFile, tempDir } from '@flywheel/testing';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { createApiApp, type ApiApp } from './create-api-app.js';

const TOKEN = 'a-test-token-of-enough-length';
const RUN = 'alerts';
const auth = { Authorization: `Bearer ${TOKEN}` };
const logger = pino({ level: 'silent' });
const redis = redisPerFile({ maxRetriesPerRequest: 1, enableOfflineQueue: false });
const NOW = new Date('2026-11-25T12:00:00.000Z');
let temp: { dir: string; remove: () => Promise<void> };
let app: ApiApp;
const statusDir = () => path.join(temp.dir, 'status');
const queueDir = () => path.join(temp.dir, 'queue');

const alert = (kind: Alert['kind'], severity: Alert['severity'], n: number): Alert => ({
  kind, severity, at: new Date(NOW.getTime() - 60_000 + n).toISOString(), source: 'test', subject: null, summary: `alert ${n}`, details: {},
});

function analysis(id: string, status: AlertAnalysisRecord['status'], answer: string): AlertAnalysisRecord {
  return {
    analysis_id: id, status, alerts: [], model: 'served-7b', base_url: 'http://127.0.0.1:8000',
    messages: [{ role: 'system', content: 'You are the on-call assistant.' }, { role: 'user', content: `prompt of ${id}` }], prompt: `prompt of ${id}`,
    answer, error: status === 'complete' ? null : 'ECONNREFUSED', attempt: 1,
    timings: { first_alert_at: NOW.toISOString(), started_at: NOW.toISOString(), first_token_ms: null, total_ms: 10 }, tokens: answer ? 3 : 0,
  };
}

beforeAll(async () => {
  temp = await tempDir('api-alerts');
  const statusStore = createStatusStore({ statusDir: statusDir(), run: RUN, redis: redis.client, logger });
  app = createApiApp({ statusStore, redis: redis.client, run: RUN, staleFactor: 2, staleAfterSeconds: 60, logger, token: TOKEN, queueDir: queueDir(), now: () => NOW });
});
afterAll(async () => {
  await app.closeResources();
  await temp.remove();
});

describe('alert routes', () => {
  it('lists alerts newest first with acknowledged and silenced flags; acks by id with the token only', async () => {
    const ns = redisNamespace(RUN);
    const first = (await redis.client.xadd(ns.alerts, '*', 'alert', JSON.stringify(alert('regression', 'P1', 1))))!;
    const second = (await redis.client.xadd(ns.alerts, '*', 'alert', JSON.stringify(alert('drift', 'P2', 2))))!;
    await redis.client.hset(alertAnalystKeys(RUN).dispositions, second, JSON.stringify({ state: 'not_analysed', analysis_id: null, at: NOW.toISOString() }));

    expect((await request(app).post(`/api/alerts/${first}/ack`).send({ by: 'ann' })).status).toBe(401);
    const acked = await request(app).post(`/api/alerts/${first}/ack`).set(auth).send({ by: 'ann' });
    expect(acked.status).toBe(200);
    expect(acked.body).toEqual({ ack: { id: first, by: 'ann', at: NOW.toISOString() } });
    expect((await request(app).post('/api/alerts/1-0/ack').set(auth).send({})).status).toBe(404);
    const byHeader = await request(app).post(`/api/alerts/${second}/ack`).set(auth).set('X-Flywheel-User', 'bob');
    expect(byHeader.body).toEqual({ ack: { id: second, by: 'bob', at: NOW.toISOString() } });
    expect((await request(app).post('/api/alerts/latest/ack').set(auth).send({})).body).toMatchObject({ status: 400, field: 'id' });

    const listed = await request(app).get('/api/alerts');
    expect(listed.status).toBe(200);
    expect(listed.body.alerts.map((a: Record<string, unknown>) => [a['id'], a['kind'], a['acknowledged'], a['acknowledged_by'], a['silenced'], a['state']])).toEqual([
      [second, 'drift', true, 'bob', false, 'not_analysed'],
      [first, 'regression', true, 'ann', false, null],
    ]);
    expect(listed.body.silences).toEqual([]);
    expect((await request(app).get('/api/alerts?limit=1')).body.alerts).toHaveLength(1);
    expect((await request(app).get('/api/alerts?limt=1')).body).toMatchObject({ status: 400, field: 'limt' });
  });

  it('silences a kind for some minutes (token), shows it, and ends it with DELETE', async () => {
    expect((await request(app).post('/api/alerts/silence').send({ kind: 'regression', minutes: 30 })).status).toBe(401);
    const silenced = await request(app).post('/api/alerts/silence').set(auth).send({ kind: 'regression', minutes: 30, by: 'ann', reason: 'known bad data' });
    expect(silenced.status).toBe(201);
    expect(silenced.body.silence).toEqual({ kind: 'regression', from: '2026-11-25T12:00:00.000Z', until: '2026-11-25T12:30:00.000Z', by: 'ann', reason: 'known bad data' });
    expect((await request(app).post('/api/alerts/silence').set(auth).send({ kind: 'gpu_fire', minutes: 30 })).body).toMatchObject({ status: 400, field: 'kind' });
    expect((await request(app).post('/api/alerts/silence').set(auth).send({ kind: 'drift', minutes: 30, mins: 2 })).body).toMatchObject({ status: 400, field: 'mins' });

    const listed = await request(app).get('/api/alerts');
    expect(listed.body.silences.map((s: { kind: string }) => s.kind)).toEqual(['regression']);
    // The regression alert not yet read by the analyst shows as silenced while its kind is.
    expect(listed.body.alerts.find((a: { kind: string }) => a.kind === 'regression').silenced).toBe(true);

    expect((await request(app).delete('/api/alerts/silence/regression')).status).toBe(401);
    expect((await request(app).delete('/api/alerts/silence/regression').set(auth)).body).toEqual({ kind: 'regression', silenced: false });
    expect((await request(app).delete('/api/alerts/silence/regression').set(auth)).status).toBe(404);
    expect((await request(app).get('/api/alerts')).body.silences).toEqual([]);
  });

  it('serves the analyses newest first, each as its last try', async () => {
    await appendAnalysis(statusDir(), analysis('an-1-0', 'unavailable', ''));
    await appendAnalysis(statusDir(), analysis('an-2-0', 'complete', 'Why: drift. Action: wait.'));
    await appendAnalysis(statusDir(), analysis('an-1-0', 'complete', 'Why: OOM. Action: restart.'));
    const res = await request(app).get('/api/alerts/analyses');
    expect(res.status).toBe(200);
    expect(res.body.analyses.map((a: AlertAnalysisRecord) => [a.analysis_id, a.status, a.answer])).toEqual([
      ['an-1-0', 'complete', 'Why: OOM. Action: restart.'],
      ['an-2-0', 'complete', 'Why: drift. Action: wait.'],
    ]);
    expect(res.body.total).toBe(2);
    expect((await request(app).get('/api/alerts/analyses?limit=1')).body.analyses).toHaveLength(1);
  });

  it('rates an analysis through the feedback route; a bad one with a correction becomes a training line', async () => {
    const rate = (body: object) => request(app).post('/api/monitor/training/rate').set(auth).send(body);
    const good = await rate({ source: 'analysis', analysis_id: 'an-2-0', rating: 'good' });
    expect(good.status).toBe(201);
    expect(good.body).toMatchObject({ record: { request_id: 'analysis:an-2-0', rating: 'good', model: 'served-7b', prompt: 'prompt of an-2-0', original_completion: 'Why: drift. Action: wait.' }, correction_file: null, stream_id: null });

    const bad = await rate({ source: 'analysis', analysis_id: 'an-1-0', rating: 'bad', correction: 'Why: checkpoint-300 regressed. Action: roll back.' });
    expect(bad.status).toBe(201);
    expect(bad.body.correction_file).toBe(path.join('corrections', 'corrections_20261125.jsonl'));
    const [line] = (await readFile(correctionsFile(queueDir(), NOW), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(line).toMatchObject({
      messages: [{ role: 'system', content: 'You are the on-call assistant.' }, { role: 'user', content: 'prompt of an-1-0' }, { role: 'assistant', content: 'Why: checkpoint-300 regressed. Action: roll back.' }],
      source: 'feedback', request_id: 'analysis:an-1-0', original_completion: 'Why: OOM. Action: restart.',
    });
    const stored = await readRatings(ratingsFile(statusDir()));
    expect(stored.records.map((r) => [r.request_id, r.rating])).toEqual([['analysis:an-2-0', 'good'], ['analysis:an-1-0', 'bad']]);
    // Not production traffic: nothing on the feedback stream the monitor reads.
    expect(await redis.client.xlen(redisNamespace(RUN).feedback)).toBe(0);

    expect((await rate({ source: 'analysis', analysis_id: 'an-9-0', rating: 'good' })).body).toMatchObject({ status: 404, field: 'analysis_id' });
    expect((await rate({ source: 'analysis', analysis_id: 'an-2-0', rating: 'good', request_id: 'x' })).body).toMatchObject({ status: 400, field: 'request_id' });
    await appendAnalysis(statusDir(), analysis('an-3-0', 'unavailable', ''));
    expect((await rate({ source: 'analysis', analysis_id: 'an-3-0', rating: 'good' })).body).toMatchObject({ status: 409, field: 'analysis_id' });
  });
});

describe('alert routes over rotated files (retention.jsonl*)', () => {
  it('lists and rates an analysis that a rotation moved to alert_analyses.jsonl.1, and rotates the ratings file', async () => {
    const rotated = await tempDir('api-alerts-rotated');
    // 800 bytes hold one analysis line (~765 with the padded answer) or one rating line (~505), never two; one copy kept.
    const jsonlRotation = { maxBytes: 800, rotatedFiles: 1 };
    const PAD = ' '.repeat(300);
    const dir = path.join(rotated.dir, 'status');
    const statusStore = createStatusStore({ statusDir: dir, run: 'rotated', redis: redis.client, logger });
    const rotatedApp = createApiApp({ statusStore, redis: redis.client, run: 'rotated', staleFactor: 2, staleAfterSeconds: 60, logger, token: TOKEN, now: () => NOW, jsonlRotation });
    try {
      await appendAnalysis(dir, analysis('an-1-0', 'complete', `Why: OOM. Action: restart.${PAD}`), jsonlRotation);
      await appendAnalysis(dir, analysis('an-2-0', 'complete', `Why: drift. Action: wait.${PAD}`), jsonlRotation);
      const ids = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l).analysis_id ?? JSON.parse(l).request_id);
      expect(await ids(path.join(dir, 'alert_analyses.jsonl.1'))).toEqual(['an-1-0']);
      expect(await ids(path.join(dir, 'alert_analyses.jsonl'))).toEqual(['an-2-0']);

      const listed = await request(rotatedApp).get('/api/alerts/analyses');
      expect(listed.body.analyses.map((a: AlertAnalysisRecord) => a.analysis_id)).toEqual(['an-2-0', 'an-1-0']);
      const rate = (body: object) => request(rotatedApp).post('/api/monitor/training/rate').set(auth).send(body);
      expect((await rate({ source: 'analysis', analysis_id: 'an-1-0', rating: 'good' })).status).toBe(201);
      expect((await rate({ source: 'analysis', analysis_id: 'an-2-0', rating: 'good' })).status).toBe(201);
      const bytes = async (file: string) => Buffer.byteLength(await readFile(file, 'utf8'));
      // Each line fits in 800 bytes, two do not: so each append after the first rotated once.
      expect([await bytes(path.join(dir, 'alert_analyses.jsonl.1')), await bytes(path.join(dir, 'alert_analyses.jsonl'))]).toEqual([765, 764]);
      expect([await bytes(ratingsFile(dir) + '.1'), await bytes(ratingsFile(dir))]).toEqual([505, 504]);
      expect(await ids(ratingsFile(dir) + '.1')).toEqual(['analysis:an-1-0']);
      expect(await ids(ratingsFile(dir))).toEqual(['analysis:an-2-0']);
      expect((await readRatings(ratingsFile(dir), jsonlRotation)).records.map((r) => r.request_id)).toEqual(['analysis:an-1-0', 'analysis:an-2-0']);
    } finally {
      await rotatedApp.closeResources();
      await rotated.remove();
    }
  });
});
