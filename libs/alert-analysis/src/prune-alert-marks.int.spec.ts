// Acks and dispositions against a private Redis: those of alerts trimmed from the stream go.
import { describe, expect, it } from '@jest/globals';
import { alertAnalystKeys, redisNamespace, type Alert } from '@flywheel/contracts';
import { redisPerFile } from '@flywheel/testing';
import { acknowledge } from './alert-store.js';
import { pruneAlertMarks } from './prune-alert-marks.js';

const redis = redisPerFile();
const AT = '2026-11-25T12:00:00.000Z';
const alert: Alert = { kind: 'drift', severity: 'P2', at: AT, source: 'test', subject: null, summary: 'drift', details: {} };
const mark = JSON.stringify({ state: 'not_analysed', analysis_id: null, at: AT });
const ack = (id: string) => JSON.stringify({ id, by: 'ann', at: AT });

/** Five alerts with known ids (1-0 … 3-0, 3-1, 10-0: numeric order differs from text order), each acked and marked. */
async function seed(run: string): Promise<void> {
  const ns = redisNamespace(run);
  const keys = alertAnalystKeys(run);
  for (const id of ['1-0', '2-0', '3-0', '3-1', '10-0']) {
    await redis.client.xadd(ns.alerts, id, 'alert', JSON.stringify(alert));
    await redis.client.hset(keys.acks, id, ack(id));
    await redis.client.hset(keys.dispositions, id, mark);
  }
}

describe('hostile input: growth of alert acknowledgements and dispositions (pruneAlertMarks)', () => {
  it('removes the acks and dispositions of alerts older than the oldest one the stream holds', async () => {
    const run = 'prune';
    await seed(run);
    // Exact trim to the newest three: 3-0, 3-1 and 10-0 remain.
    await redis.client.xtrim(redisNamespace(run).alerts, 'MAXLEN', 3);
    expect(await pruneAlertMarks(redis.client, run)).toEqual({ acks: 2, dispositions: 2 });
    const keys = alertAnalystKeys(run);
    expect((await redis.client.hkeys(keys.acks)).sort()).toEqual(['10-0', '3-0', '3-1']);
    expect((await redis.client.hkeys(keys.dispositions)).sort()).toEqual(['10-0', '3-0', '3-1']);
    // Nothing more to remove.
    expect(await pruneAlertMarks(redis.client, run)).toEqual({ acks: 0, dispositions: 0 });
  });

  it('removes every mark when the stream holds no alert', async () => {
    const run = 'prune-empty';
    await seed(run);
    await redis.client.xtrim(redisNamespace(run).alerts, 'MAXLEN', 0);
    expect(await pruneAlertMarks(redis.client, run)).toEqual({ acks: 5, dispositions: 5 });
    expect(await redis.client.exists(alertAnalystKeys(run).acks, alertAnalystKeys(run).dispositions)).toBe(0);
  });

  it('runs with every acknowledgement, so acks stay bounded without the analyst', async () => {
    const run = 'prune-ack';
    await seed(run);
    await redis.client.xtrim(redisNamespace(run).alerts, 'MAXLEN', 1);
    await acknowledge(redis.client, run, { id: '10-0', by: 'bob', at: AT });
    expect(await redis.client.hkeys(alertAnalystKeys(run).acks)).toEqual(['10-0']);
    expect(JSON.parse((await redis.client.hget(alertAnalystKeys(run).acks, '10-0'))!)).toEqual({ id: '10-0', by: 'bob', at: AT });
  });
});
