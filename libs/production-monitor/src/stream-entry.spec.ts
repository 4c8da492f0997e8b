import { describe, expect, it } from '@jest/globals';
import { createMonitorState, ingestEntries } from './monitor-state.js';
import { recordedTraffic, monitorSettings } from './replay.fixture.js';
import { SampleWindow } from './sample-window.js';
import { parseStreamEntry } from './stream-entry.js';

const good = recordedTraffic()[0]!;

describe('parseStreamEntry', () => {
  it('names the stream id and what is wrong, and never throws', () => {
    expect(parseStreamEntry('gateway', '1-0', ['other', '{}'])).toEqual({ ok: false, stream: 'gateway', id: '1-0', message: 'no "event" field' });
    const notJson = parseStreamEntry('gateway', '2-0', ['event', '{"id":']);
    expect(notJson).toMatchObject({ ok: false, id: '2-0' });
    expect((notJson as { message: string }).message).toMatch(/^"event" is not JSON: /);
    const wrong = parseStreamEntry('feedback', '3-0', ['record', JSON.stringify({ request_id: 'r', rating: 'meh' })]);
    expect((wrong as { message: string }).message).toMatch(/^"record" does not match the contract: rating: /);
    expect(parseStreamEntry('gateway', good.id, good.fields)).toMatchObject({ ok: true, stream: 'gateway', value: { id: 'P1-0-0' } });
  });

  it('ingest counts malformed entries, keeps the last 20 with their ids, and moves the cursor past them', () => {
    const monitor = monitorSettings();
    const state = createMonitorState(monitor);
    const bad = Array.from({ length: 25 }, (_, i) => [`${10 + i}-0`, ['event', 'not json']] as const);
    const outcome = ingestEntries(state, 'gateway', [[good.id, good.fields], ...bad], monitor);
    expect([outcome.requests.length, outcome.problems.length, state.totals]).toEqual([1, 25, { events: 1, feedback: 0, malformed: 25 }]);
    expect(state.problems.map((p) => p.id)).toEqual(bad.slice(5).map(([id]) => id));
    expect(state.cursor.gateway).toBe('34-0');
  });
});

describe('SampleWindow', () => {
  it('keeps samples in time order, late ones in place; ranges are (start, end]; old ones are dropped', () => {
    const window = new SampleWindow<{ atMs: number; n: number }>();
    for (const [atMs, n] of [[10, 1], [20, 2], [15, 3], [30, 4], [20, 5]] as const) window.add({ atMs, n });
    expect(window.between(10, 20).map((s) => s.n)).toEqual([3, 2, 5]);
    window.dropBefore(20);
    expect([window.size, window.between(0, 100).map((s) => s.n)]).toEqual([3, [2, 5, 4]]);
  });
});
