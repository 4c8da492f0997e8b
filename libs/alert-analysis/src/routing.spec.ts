import { describe, expect, it } from '@jest/globals';
import type { AlertSilence, RecordedAlert } from '@flywheel/contracts';
import { analysisIdOf, fillBatches, retryDelayMs, routeAlert } from './routing.js';

const at = (second: number) => new Date(Date.UTC(2026, 10, 25, 12, 0, second)).toISOString();
const alert = (id: string, second: number, severity: RecordedAlert['severity'] = 'P1', kind: RecordedAlert['kind'] = 'regression'): RecordedAlert => ({
  id, kind, severity, at: at(second), source: 'regression_monitoring.json', subject: null, summary: 's', details: {},
});
const ids = (batch: { alerts: RecordedAlert[] } | null) => batch?.alerts.map((a) => a.id) ?? null;

describe('severity filter and silences', () => {
  const now = new Date(at(10));
  it('analyses only the configured severities', () => {
    expect(routeAlert(alert('1-0', 0, 'P0'), { silences: [], analyseSeverities: ['P0', 'P1'], now })).toBe('analyse');
    expect(routeAlert(alert('1-0', 0, 'P1'), { silences: [], analyseSeverities: ['P0', 'P1'], now })).toBe('analyse');
    expect(routeAlert(alert('1-0', 0, 'P2'), { silences: [], analyseSeverities: ['P0', 'P1'], now })).toBe('not_analysed');
    expect(routeAlert(alert('1-0', 0, 'P1'), { silences: [], analyseSeverities: ['P0'], now })).toBe('not_analysed');
  });

  it('silences a kind from `from` until `until`, not other kinds, not after it ends', () => {
    const silence: AlertSilence = { kind: 'regression', from: at(5), until: at(20), by: 'ops', reason: null };
    const options = { silences: [silence], analyseSeverities: ['P0', 'P1'] as const };
    expect(routeAlert(alert('1-0', 0), { ...options, now: new Date(at(10)) })).toBe('silenced');
    expect(routeAlert(alert('1-0', 0, 'P0', 'drift'), { ...options, now: new Date(at(10)) })).toBe('analyse');
    expect(routeAlert(alert('1-0', 0), { ...options, now: new Date(at(20)) })).toBe('analyse');
    expect(routeAlert(alert('1-0', 0), { ...options, now: new Date(at(4)) })).toBe('analyse');
  });
});

describe('batching', () => {
  const window = 30_000;
  it('keeps a burst of 5 alerts inside the window in one batch, open until the window ends', () => {
    const burst = [0, 1, 2, 3, 4].map((s) => alert(`${s + 1}-0`, s));
    const filling = fillBatches(null, burst, window, new Date(at(5)));
    expect(filling.closed).toEqual([]);
    expect(ids(filling.open)).toEqual(['1-0', '2-0', '3-0', '4-0', '5-0']);
    const due = fillBatches(filling.open, [], window, new Date(at(30)));
    expect(due.closed.map(ids)).toEqual([['1-0', '2-0', '3-0', '4-0', '5-0']]);
    expect(due.open).toBeNull();
    expect(fillBatches(filling.open, [], window, new Date(at(29))).closed).toEqual([]);
  });

  it('starts a new batch for an alert a window or more after the first of the open one', () => {
    const result = fillBatches({ alerts: [alert('1-0', 0)] }, [alert('2-0', 29), alert('3-0', 30), alert('4-0', 45)], window, new Date(at(46)));
    expect(result.closed.map(ids)).toEqual([['1-0', '2-0']]);
    expect(ids(result.open)).toEqual(['3-0', '4-0']);
  });

  it('names a batch’s analysis after its first alert', () => {
    expect(analysisIdOf({ alerts: [alert('17-3', 0), alert('18-0', 1)] })).toBe('an-17-3');
  });

  it('retries after the base delay, doubling per try, capped', () => {
    expect([1, 2, 3, 4, 10].map((n) => retryDelayMs(n, 30, 200))).toEqual([30_000, 60_000, 120_000, 200_000, 200_000]);
  });
});
