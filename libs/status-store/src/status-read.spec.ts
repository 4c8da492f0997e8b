import { describe, expect, it } from '@jest/globals';
import { parseStatusText, pickNewer, type StatusRead } from './status-read.js';
import { regressionBody } from './regression-body.fixture.js';

const stamped = (lastUpdate: string) => ({ ...regressionBody(1), last_update: lastUpdate, schema_version: 1 });
const MISSING = { state: 'missing' as const, file: '/status/regression_monitoring.json' };
const present = (source: 'file' | 'redis', lastUpdate: string): StatusRead<'regression'> => ({
  state: 'present',
  data: stamped(lastUpdate),
  source,
  lastUpdate,
});

describe('parseStatusText', () => {
  it('accepts a valid copy and reports its last_update', () => {
    const read = parseStatusText('regression', JSON.stringify(stamped('2026-01-02T03:04:05.000Z')), 'redis', 'k');
    expect(read).toMatchObject({ state: 'present', source: 'redis', lastUpdate: '2026-01-02T03:04:05.000Z' });
  });

  it('names the file, the copy and the bad field path', () => {
    const bad = stamped('2026-01-02T03:04:05.000Z');
    (bad.evidence.checkpoints[0] as { step: unknown }).step = 'ten';
    const read = parseStatusText('regression', JSON.stringify(bad), 'file', '/x/regression_monitoring.json');
    expect(read.state).toBe('error');
    const error = (read as { error: string }).error;
    expect(error).toContain('regression_monitoring.json (/x/regression_monitoring.json)');
    expect(error).toContain('evidence.checkpoints[0].step:');
  });

  it('reports JSON that does not parse', () => {
    const read = parseStatusText('regression', '{"regression_detected": tr', 'file', 'f');
    // 26 characters, cut off: the parser fails at the end, line 1 column 27.
    expect(read).toEqual({ state: 'error', error: expect.stringMatching(/^regression_monitoring\.json \(f\): not valid JSON at line 1, column 27: /) });
  });
});

describe('pickNewer', () => {
  const older = '2026-01-01T00:00:00.000Z';
  const newer = '2026-01-01T00:00:01.000Z';

  it('takes the later last_update, whichever copy has it, and the file on a tie', () => {
    expect(pickNewer(present('file', older), present('redis', newer))).toMatchObject({ source: 'redis', lastUpdate: newer });
    expect(pickNewer(present('file', newer), present('redis', older))).toMatchObject({ source: 'file', lastUpdate: newer });
    expect(pickNewer(present('file', newer), present('redis', newer))).toMatchObject({ source: 'file' });
  });

  it('compares instants, not strings (an offset of +01:00 is an hour earlier in UTC)', () => {
    // 00:30+01:00 is 23:30Z the day before: older than `older`, though it sorts after it as text.
    const picked = pickNewer(present('file', older), present('redis', '2026-01-01T00:30:00.000+01:00'));
    expect(picked).toMatchObject({ source: 'file' });
  });

  it('serves the usable copy and keeps the other copy’s error visible', () => {
    expect(pickNewer(present('file', older), MISSING)).toEqual(present('file', older));
    expect(pickNewer(MISSING, present('redis', older))).toEqual(present('redis', older));
    expect(pickNewer({ state: 'error', error: 'bad file' }, present('redis', older))).toEqual({
      ...present('redis', older),
      otherCopyError: 'bad file',
    });
  });

  it('is missing only when both are, and an error when no copy is usable but one exists', () => {
    expect(pickNewer(MISSING, MISSING)).toEqual(MISSING);
    expect(pickNewer({ state: 'error', error: 'a' }, MISSING)).toEqual({ state: 'error', error: 'a' });
    expect(pickNewer(MISSING, { state: 'error', error: 'b' })).toEqual({ state: 'error', error: 'b' });
    expect(pickNewer({ state: 'error', error: 'a' }, { state: 'error', error: 'b' })).toEqual({ state: 'error', error: 'a; b' });
  });
});
