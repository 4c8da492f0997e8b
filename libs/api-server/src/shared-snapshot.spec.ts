import { describe, expect, it } from '@jest/globals';
import { sharedSnapshot } from './shared-snapshot.js';

describe('sharedSnapshot', () => {
  it('shares one load within the window and loads again after it', async () => {
    let now = 1_000;
    let loads = 0;
    const get = sharedSnapshot(async () => ++loads, 500, () => now);
    expect(await Promise.all([get(), get()])).toEqual([1, 1]);
    now = 1_499;
    expect(await get()).toBe(1);
    now = 1_500;
    expect(await get()).toBe(2);
    expect(loads).toBe(2);
  });

  it('does not keep a failed load', async () => {
    let fail = true;
    const get = sharedSnapshot(async () => {
      if (fail) throw new Error('redis down');
      return 'ok';
    }, 60_000, () => 0);
    await expect(get()).rejects.toThrow('redis down');
    fail = false;
    expect(await get()).toBe('ok');
  });

  it('loads every time with a window of 0', async () => {
    let loads = 0;
    const get = sharedSnapshot(async () => ++loads, 0, () => 5);
    await get();
    await get();
    expect(loads).toBe(2);
  });
});
