import { describe, expect, it } from '@jest/globals';
import { matchPairs, type ScoredRequest } from './canary-pairs.js';
import { liveQuality } from './live-quality.js';

const r = (id: string, at: number, arm: ScoredRequest['arm'], quality: number, skill: string | null = 'math'): ScoredRequest => ({ id, at, arm, skill, quality });

describe('matchPairs', () => {
  it('pairs each canary request with the nearest unused champion request of its skill and bucket', () => {
    const pairs = matchPairs([
      r('h1', 1_000, 'champion', 0.1),
      r('h2', 4_000, 'champion', 0.2),
      r('c1', 3_500, 'canary', 0.9),
      r('c2', 3_600, 'canary', 0.8),
      // Another skill: no champion request of its own, so not paired.
      r('c3', 3_700, 'canary', 0.7, 'code'),
      // The next 10 s bucket: paired only within it.
      r('h3', 10_500, 'champion', 0.3),
      r('c4', 9_999, 'canary', 0.6),
    ], 10_000);
    // c1 (3.5 s) takes h2 (4 s, 0.5 s away); c2 then takes h1, the only one left; c4 (bucket 0) has none left.
    expect(pairs).toEqual([{ canary: 0.9, champion: 0.2 }, { canary: 0.8, champion: 0.1 }]);
  });

  it('uses every champion request at most once', () => {
    const pairs = matchPairs([r('h', 0, 'champion', 1), r('a', 1, 'canary', 0), r('b', 2, 'canary', 0)], 1_000);
    expect(pairs).toHaveLength(1);
  });
});

describe('liveQuality', () => {
  it('is 0 for the model\'s errors, nothing for the caller\'s, and the mean of the judge score and the rating for answers', () => {
    expect(liveQuality({ outcome: 'error', fault: 'model' }, { rating: 1 })).toBe(0);
    expect(liveQuality({ outcome: 'error' }, {})).toBe(0);
    expect(liveQuality({ outcome: 'error', fault: 'caller' }, { rating: 1 })).toBeNull();
    expect(liveQuality({ outcome: 'success', fault: null }, {})).toBeNull();
    expect(liveQuality({ outcome: 'success', fault: null }, { rating: 0.75 })).toBe(0.75);
    expect(liveQuality({ outcome: 'success', fault: null }, { rating: 0.5, judge: 0.9 })).toBeCloseTo(0.7, 10);
  });
});
