import { describe, expect, it } from '@jest/globals';
import { envWithoutClockShim } from './redis-server.js';

describe('envWithoutClockShim', () => {
  it('drops libfaketime from LD_PRELOAD and keeps every other library and variable', () => {
    const env = { A: '1', LD_PRELOAD: '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1:/opt/lib/libother.so', FAKETIME: '+365d' };
    expect(envWithoutClockShim(env)).toEqual({ A: '1', LD_PRELOAD: '/opt/lib/libother.so', FAKETIME: '+365d' });
  });

  it('removes LD_PRELOAD when libfaketime was all it held, and leaves an environment without it as it is', () => {
    expect(envWithoutClockShim({ LD_PRELOAD: '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1', B: 'x' })).toEqual({ B: 'x' });
    expect(envWithoutClockShim({ B: 'x' })).toEqual({ B: 'x' });
  });
});
