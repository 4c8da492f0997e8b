import { describe, expect, it } from '@jest/globals';
import { afterFailure, afterSuccess, blacklistDurationMs, HEALTHY, isBlacklisted, type ModelHealth } from './blacklist.js';

const HOUR = 3_600_000;
const policy = { failures: 3, baseMs: HOUR };

describe('blacklist', () => {
  it('lasts 1 h after 3 failures in a row, 2 h after 4, 4 h after 5', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => blacklistDurationMs(policy, n) / HOUR)).toEqual([0, 0, 1, 2, 4, 8]);
  });

  it('starts at the third consecutive failure, ends on its own, and a success clears the count', () => {
    let health: ModelHealth = HEALTHY;
    health = afterFailure(health, policy, 0);
    health = afterFailure(health, policy, 10);
    expect(isBlacklisted(health, 10)).toBe(false);
    health = afterFailure(health, policy, 20);
    expect(health).toEqual({ consecutiveFailures: 3, blacklistedUntil: 20 + HOUR });
    expect(isBlacklisted(health, 20 + HOUR - 1)).toBe(true);
    expect(isBlacklisted(health, 20 + HOUR)).toBe(false);
    // Back after the hour and failing again: the fourth in a row, two hours.
    health = afterFailure(health, policy, 30 + HOUR);
    expect(health).toEqual({ consecutiveFailures: 4, blacklistedUntil: 30 + 3 * HOUR });
    expect(afterSuccess()).toEqual({ consecutiveFailures: 0, blacklistedUntil: null });
  });
});
