import { describe, expect, it } from '@jest/globals';
import { shardRanges } from './evaluate-shard.js';

describe('shardRanges', () => {
  it('covers every example once, in order: full ranges, then an eighth of what is left', () => {
    // 40 left: ceil(40/8) = 5 > 4, so 4; 36 → 4 (ceil 4.5 = 5, capped); 32 → 4; 28 → 4; 24 → 3;
    // 21 → 3; 18 → 3; 15 → 2; 13 → 2; 11 → 2; 9 → 2; 7, 6, 5, 4, 3, 2, 1 → 1 each.
    const sizes = shardRanges(40, 4).map((r) => r.to - r.from);
    expect(sizes).toEqual([4, 4, 4, 4, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1]);
    const ranges = shardRanges(40, 4);
    ranges.forEach((r, i) => expect(r.from).toBe(i === 0 ? 0 : ranges[i - 1]!.to));
    expect(ranges.at(-1)!.to).toBe(40);
    // A set of at most 8 examples is one example a shard.
    expect(shardRanges(3, 50)).toEqual([{ from: 0, to: 1 }, { from: 1, to: 2 }, { from: 2, to: 3 }]);
  });
  it('gives no range for an empty set, and refuses a size that is not a positive integer', () => {
    expect(shardRanges(0, 4)).toEqual([]);
    expect(() => shardRanges(10, 0)).toThrow('shard size must be a positive integer, got 0');
    expect(() => shardRanges(10, 2.5)).toThrow('shard size must be a positive integer, got 2.5');
  });
});
