import { describe, expect, it } from '@jest/globals';
import { shardRanges } from './evaluate-shard.js';

describe('shardRanges', () => {
  it('covers every example once, in order, the last range holding the rest', () => {
    expect(shardRanges(10, 4)).toEqual([{ from: 0, to: 4 }, { from: 4, to: 8 }, { from: 8, to: 10 }]);
    expect(shardRanges(8, 4)).toEqual([{ from: 0, to: 4 }, { from: 4, to: 8 }]);
    expect(shardRanges(3, 50)).toEqual([{ from: 0, to: 3 }]);
  });
  it('gives no range for an empty set, and refuses a size that is not a positive integer', () => {
    expect(shardRanges(0, 4)).toEqual([]);
    expect(() => shardRanges(10, 0)).toThrow('shard size must be a positive integer, got 0');
    expect(() => shardRanges(10, 2.5)).toThrow('shard size must be a positive integer, got 2.5');
  });
});
