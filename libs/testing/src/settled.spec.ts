import { describe, expect, it } from '@jest/globals';
import { settled } from './settled.js';

describe('settled', () => {
  it('returns as soon as the value read equals the expected one', async () => {
    let reads = 0;
    const value = await settled(() => (++reads >= 3 ? ['a', 1] : ['a', 0]), ['a', 1], { intervalMs: 1 });
    expect([value, reads]).toEqual([['a', 1], 3]);
  });

  it('gives back the last value read when the expected one never comes, so the assertion shows it', async () => {
    let reads = 0;
    const value = await settled(() => ({ color: `rgb(${++reads})` }), { color: 'never' }, { timeoutMs: 30, intervalMs: 5 });
    expect(value).toEqual({ color: `rgb(${reads})` });
    expect(reads).toBeGreaterThan(1);
  });

  it('rethrows the last error when every read failed', async () => {
    await expect(settled(() => { throw new Error('no page'); }, 1, { timeoutMs: 20, intervalMs: 5 })).rejects.toThrow('no page');
  });
});
