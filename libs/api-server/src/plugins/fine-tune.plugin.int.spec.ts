// The fine-tune control routes against a real API app, a private Redis and a real status folder.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { redisNamespace } from '@flywheel/contracts';
import { takeManualFineTuneRequests } from '@flywheel/fine-tune-control';
import { createStatusStore, type StatusStore } from '@flywheel/status-store';
import { redisPerFile, tempDir } from '@flywheel/testing';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { createApiApp, type ApiApp } from '../create-api-app.js';
import { llmHealthBody } from '../llm-health-body.fixture.js';

const TOKEN = 'a-fine-tune-test-token';
const RUN = 'fine-tune';
const NOW = new Date('2026-11-25T12:00:00.000Z');
const auth = { Authorization: `Bearer ${TOKEN}` };
const logger = pino({ level: 'silent' });
const redis = redisPerFile({ maxRetriesPerRequest: 1, enableOfflineQueue: false });
let temp: { dir: string; remove: () => Promise<void> };
let statusStore: StatusStore;
let app: ApiApp;

beforeAll(async () => {
  temp = await tempDir('api-fine-tune');
  statusStore = createStatusStore({ statusDir: path.join(temp.dir, 'status'), run: RUN, redis: redis.client, logger });
  app = createApiApp({ statusStore, redis: redis.client, run: RUN, staleFactor: 2, staleAfterSeconds: 60, logger, token: TOKEN, now: () => NOW });
});
afterAll(async () => {
  await app.closeResources();
  await temp.remove();
});

const manualRun = (id: string, requestedAt: string) => ({
  id, requested_by: 'alice', requested_at: requestedAt, ran_at: '2026-11-25T11:00:05.000Z', reason: null,
  command: ['bash', 'fine-tune.sh'], exit_code: 0, output_tail: 'done',
});

describe('the fine-tune routes', () => {
  it('refuse changes without the token (401) and change nothing', async () => {
    const auto = await request(app).post('/api/fine-tune/auto').send({ enabled: false });
    const trigger = await request(app).post('/api/fine-tune/trigger').send({});
    const wrong = await request(app).post('/api/fine-tune/trigger').set({ Authorization: 'Bearer nope' }).send({});
    expect([auto.status, trigger.status, wrong.status]).toEqual([401, 401, 401]);
    expect(await redis.client.exists(redisNamespace(RUN).fineTuneControl, redisNamespace(RUN).fineTuneRequests)).toBe(0);
  });

  it('answer the state before anything is set: no switch, no status yet', async () => {
    const res = await request(app).get('/api/fine-tune');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      control: null, config_auto_fine_tune: null, effective_auto_fine_tune: null, status_at: null, last: null, manual_last: null, pending: [], problems: [],
    });
  });

  it('take the config value from a monitor pass that saw no switch', async () => {
    await statusStore.write('llm_health', llmHealthBody({ level: 'HEALTHY', health_score: 0.9, metric_entries: [] }));
    const res = await request(app).get('/api/fine-tune');
    // llmHealthBody's fine_tune has auto_fine_tune false and no control.
    expect(res.body).toMatchObject({ control: null, config_auto_fine_tune: false, effective_auto_fine_tune: false, last: null, manual_last: null });
  });

  it('switch auto fine-tune, recording who (body, else header, else "api-token") and when', async () => {
    const key = redisNamespace(RUN).fineTuneControl;
    const byBody = await request(app).post('/api/fine-tune/auto').set(auth).set('X-Flywheel-User', 'header-user').send({ enabled: true, by: 'carol' });
    expect(byBody.status).toBe(200);
    expect(byBody.body.control).toEqual({ auto_fine_tune: true, changed_by: 'carol', changed_at: '2026-11-25T12:00:00.000Z' });
    expect(JSON.parse((await redis.client.get(key))!)).toEqual({ auto_fine_tune: true, changed_by: 'carol', changed_at: '2026-11-25T12:00:00.000Z' });

    await request(app).post('/api/fine-tune/auto').set(auth).set('X-Flywheel-User', 'dave').send({ enabled: false }).expect(200);
    expect(JSON.parse((await redis.client.get(key))!).changed_by).toBe('dave');
    await request(app).post('/api/fine-tune/auto').set(auth).send({ enabled: true }).expect(200);
    expect(JSON.parse((await redis.client.get(key))!)).toEqual({ auto_fine_tune: true, changed_by: 'api-token', changed_at: '2026-11-25T12:00:00.000Z' });

    const state = await request(app).get('/api/fine-tune');
    // The switch (on) overrides the config's off.
    expect(state.body).toMatchObject({ control: { auto_fine_tune: true, changed_by: 'api-token' }, config_auto_fine_tune: false, effective_auto_fine_tune: true });
  });

  it('refuse a body with an unknown field, a wrong type or a missing flag, naming the field', async () => {
    const cases: [object, string][] = [
      [{ enable: true }, 'enable'],
      [{ enabled: 'yes' }, 'enabled'],
      [{}, 'enabled'],
      [{ enabled: true, by: '' }, 'by'],
    ];
    for (const [body, field] of cases) {
      const res = await request(app).post('/api/fine-tune/auto').set(auth).send(body);
      expect([res.status, res.body.field]).toEqual([400, field]);
    }
    const unknown = await request(app).post('/api/fine-tune/trigger').set(auth).send({ reason: 'x', urgent: true });
    expect([unknown.status, unknown.body.field, unknown.body.error]).toEqual([400, 'urgent', 'urgent: unknown field']);
    const array = await request(app).post('/api/fine-tune/trigger').set(auth).send([1]);
    expect([array.status, array.body.field]).toEqual([400, '(body)']);
  });

  it('add a manual request to the stream (202 with its id), listed as pending until the monitor reports running it', async () => {
    const first = await request(app).post('/api/fine-tune/trigger').set(auth).send({ reason: 'ratings fell', by: 'alice' });
    expect(first.status).toBe(202);
    expect(first.body.request).toEqual({ id: first.body.id, requested_by: 'alice', requested_at: '2026-11-25T12:00:00.000Z', reason: 'ratings fell' });
    const second = await request(app).post('/api/fine-tune/trigger').set(auth).set('X-Flywheel-User', 'bob').expect(202);

    const taken = await takeManualFineTuneRequests(redis.client, RUN);
    expect(taken.requests.map((r) => [r.stream_id, r.request.id, r.request.requested_by, r.request.reason])).toEqual([
      [first.body.stream_id, first.body.id, 'alice', 'ratings fell'],
      [second.body.stream_id, second.body.id, 'bob', null],
    ]);
    const pending = await request(app).get('/api/fine-tune');
    expect(pending.body.pending.map((p: { id: string }) => p.id)).toEqual([second.body.id, first.body.id]);

    // The monitor ran the first one: only the second is still pending.
    const body = llmHealthBody({ level: 'HEALTHY', health_score: 0.9, metric_entries: [] });
    const control = JSON.parse((await redis.client.get(redisNamespace(RUN).fineTuneControl))!);
    await statusStore.write('llm_health', { ...body, fine_tune: { ...body.fine_tune, auto_fine_tune: true, control, manual_last: manualRun(first.body.id, '2026-11-25T12:00:00.000Z') } });
    const after = await request(app).get('/api/fine-tune');
    expect(after.body.pending.map((p: { id: string }) => p.id)).toEqual([second.body.id]);
    expect(after.body.manual_last).toEqual(manualRun(first.body.id, '2026-11-25T12:00:00.000Z'));
    // That pass obeyed a switch, so it does not show the config's value.
    expect(after.body).toMatchObject({ config_auto_fine_tune: null, effective_auto_fine_tune: true });
  });

  it('names the key of a switch it cannot read, and still answers the rest', async () => {
    const key = redisNamespace(RUN).fineTuneControl;
    await redis.client.set(key, '{"auto_fine_tune":1}');
    const res = await request(app).get('/api/fine-tune');
    expect(res.status).toBe(200);
    expect(res.body.problems).toEqual([expect.stringContaining(`${key}: auto_fine_tune:`)]);
    expect(res.body.manual_last).not.toBeNull();
    await redis.client.del(key);
  });
});
