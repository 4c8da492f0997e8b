// The switch and the request stream against a private redis-server.
import { describe, expect, it } from '@jest/globals';
import { redisNamespace } from '@flywheel/contracts';
import { redisPerFile } from '@flywheel/testing';
import { clearFineTuneControl, effectiveAutoFineTune, readFineTuneControl, setFineTuneControl } from './control.js';
import { recentManualFineTuneRequests, requestManualFineTune, takeManualFineTuneRequests } from './requests.js';

const redis = redisPerFile();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('the auto fine-tune switch', () => {
  it('is null until set, then holds the last setting as JSON at the run\'s key', async () => {
    const run = 'switch';
    expect(await readFineTuneControl(redis.client, run)).toBeNull();
    await setFineTuneControl(redis.client, run, { auto_fine_tune: false, changed_by: 'alice', changed_at: '2026-11-25T10:00:00.000Z' });
    await setFineTuneControl(redis.client, run, { auto_fine_tune: true, changed_by: 'bob', changed_at: '2026-11-25T11:30:00.000Z' });
    expect(await readFineTuneControl(redis.client, run)).toEqual({ auto_fine_tune: true, changed_by: 'bob', changed_at: '2026-11-25T11:30:00.000Z' });
    expect(JSON.parse((await redis.client.get('{flywheel:switch}:fine-tune:control'))!)).toEqual({
      auto_fine_tune: true,
      changed_by: 'bob',
      changed_at: '2026-11-25T11:30:00.000Z',
    });
    expect(await clearFineTuneControl(redis.client, run)).toBe(true);
    expect(await readFineTuneControl(redis.client, run)).toBeNull();
    expect(await clearFineTuneControl(redis.client, run)).toBe(false);
  });

  it('overrides the config value only when set', () => {
    expect(effectiveAutoFineTune(null, true)).toBe(true);
    expect(effectiveAutoFineTune(null, false)).toBe(false);
    expect(effectiveAutoFineTune({ auto_fine_tune: false, changed_by: 'a', changed_at: '2026-11-25T10:00:00.000Z' }, true)).toBe(false);
  });

  it('refuses to store a setting without who, and names the key and field of a stored value it cannot read', async () => {
    await expect(setFineTuneControl(redis.client, 'bad', { auto_fine_tune: true, changed_by: '', changed_at: '2026-11-25T10:00:00.000Z' })).rejects.toThrow(/changed_by/);
    const key = redisNamespace('bad').fineTuneControl;
    await redis.client.set(key, JSON.stringify({ auto_fine_tune: 'yes', changed_by: 'x', changed_at: '2026-11-25T10:00:00.000Z' }));
    await expect(readFineTuneControl(redis.client, 'bad')).rejects.toThrow(`${key}: auto_fine_tune:`);
    await redis.client.set(key, '{not json');
    await expect(readFineTuneControl(redis.client, 'bad')).rejects.toThrow(`${key}: not valid JSON`);
  });
});

describe('"fine-tune now" requests', () => {
  it('are added to the run\'s stream and read back after a cursor, oldest first', async () => {
    const run = 'requests';
    const first = await requestManualFineTune(redis.client, run, { requested_by: 'alice', reason: 'ratings fell', requested_at: '2026-11-25T10:00:00.000Z' });
    const second = await requestManualFineTune(redis.client, run, { requested_by: 'bob' });
    expect(first.request).toEqual({ id: first.request.id, requested_by: 'alice', requested_at: '2026-11-25T10:00:00.000Z', reason: 'ratings fell' });
    expect(first.request.id).toMatch(UUID);
    expect(second.request.reason).toBeNull();
    expect(second.request.id).not.toBe(first.request.id);

    const raw = await redis.client.xrange('{flywheel:requests}:fine-tune:requests', '-', '+');
    expect(raw.map(([id, fields]) => [id, fields[0], JSON.parse(fields[1]!).requested_by])).toEqual([
      [first.stream_id, 'request', 'alice'],
      [second.stream_id, 'request', 'bob'],
    ]);

    const all = await takeManualFineTuneRequests(redis.client, run);
    expect(all.requests.map((r) => r.request.requested_by)).toEqual(['alice', 'bob']);
    expect(all.last_id).toBe(second.stream_id);
    const after = await takeManualFineTuneRequests(redis.client, run, first.stream_id);
    expect(after.requests).toEqual([second]);
    const none = await takeManualFineTuneRequests(redis.client, run, second.stream_id);
    expect(none).toEqual({ requests: [], malformed: [], last_id: second.stream_id });
    expect((await recentManualFineTuneRequests(redis.client, run, 1)).map((r) => r.request.requested_by)).toEqual(['bob']);
  });

  it('reports entries that are not requests, with the stream id, and moves the cursor past them', async () => {
    const run = 'malformed';
    const key = redisNamespace(run).fineTuneRequests;
    const noField = await redis.client.xadd(key, '*', 'other', 'x');
    const badJson = await redis.client.xadd(key, '*', 'request', '{oops');
    const noWho = await redis.client.xadd(key, '*', 'request', JSON.stringify({ id: 'r1', requested_by: '', requested_at: '2026-11-25T10:00:00.000Z', reason: null }));
    const good = await requestManualFineTune(redis.client, run, { requested_by: 'carol' });
    const taken = await takeManualFineTuneRequests(redis.client, run);
    expect(taken.requests).toEqual([good]);
    expect(taken.malformed.map((m) => m.stream_id)).toEqual([noField, badJson, noWho]);
    expect(taken.malformed[0]!.message).toBe(`${key} ${noField}: no "request" field`);
    expect(taken.malformed[1]!.message).toMatch(`${key} ${badJson}: request: not valid JSON`);
    expect(taken.malformed[2]!.message).toMatch(`${key} ${noWho}: request.requested_by:`);
    expect(taken.last_id).toBe(good.stream_id);
  });

  it('refuses a request without who', async () => {
    await expect(requestManualFineTune(redis.client, 'x', { requested_by: '' })).rejects.toThrow(/requested_by/);
  });
});
