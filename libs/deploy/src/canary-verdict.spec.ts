import { describe, expect, it } from '@jest/globals';
import { canaryLookAlpha, canaryVerdict, type CanaryPair } from './canary-verdict.js';

const RULES = { alpha: 0.05, margin: 0.05, minHarm: 0, maxLooks: 15 };

/** `worse` pairs where the canary failed and the champion did not, `better` the other way, `same` equal. */
function pairs(worse: number, better: number, same: number): CanaryPair[] {
  return [
    ...Array.from({ length: worse }, () => ({ canary: 0, champion: 1 })),
    ...Array.from({ length: better }, () => ({ canary: 1, champion: 0 })),
    ...Array.from({ length: same }, (_, i) => ({ canary: i % 2, champion: i % 2 })),
  ];
}

describe('canaryLookAlpha', () => {
  it('spends the run-level shares, then all that is left at the last look', () => {
    // 0.05 · 15 / (15 · 16) at the first look; 0.05 · 15 / 29 at the fifteenth (the tail).
    expect(canaryLookAlpha(1, RULES)).toBeCloseTo(0.003125, 12);
    expect(canaryLookAlpha(15, RULES)).toBeCloseTo(0.05 * 15 / 29, 12);
    let spent = 0;
    for (let look = 1; look <= 15; look++) spent += canaryLookAlpha(look, RULES);
    expect(spent).toBeCloseTo(0.05, 12);
  });
});

describe('canaryVerdict', () => {
  it('rolls back a canary shown worse', () => {
    // d = −1 on 30 pairs, 0 on 70: mean −0.3, sd √(21/99) = 0.46057, se 0.046057;
    // look 1: α = 0.003125, z = 2.73437, upper bound −0.3 + 2.73437 · 0.046057 = −0.17406.
    const v = canaryVerdict(pairs(30, 0, 70), 1, RULES);
    expect(v.verdict).toBe('rollback');
    expect(v.difference).toBeCloseTo(-0.3, 4);
    expect(v.standard_error).toBeCloseTo(0.0461, 4);
    expect(v.upper_bound).toBeCloseTo(-0.1741, 4);
    expect(v.lower_bound).toBeCloseTo(-0.4259, 4);
    expect(v.canary_quality).toBeCloseTo(0.35, 4);
    expect(v.champion_quality).toBeCloseTo(0.65, 4);
    expect(v.reason).toMatch(/shown worse, rolled back/);
  });

  it('keeps an equal canary on trial while the bound is wider than the margin, and promotes it once it is not', () => {
    // d = ±1 on 10 pairs each, 0 on 180: mean 0, se √(20/199)/√200 = 0.022417.
    // Look 1: lower bound −2.73437 · 0.022417 = −0.0613 < −0.05: continue.
    const early = canaryVerdict(pairs(10, 10, 180), 1, RULES);
    expect(early.verdict).toBe('continue');
    expect(early.lower_bound).toBeCloseTo(-0.0613, 4);
    // Look 15 (α = 0.025862, z = 1.94542): lower bound −0.0436 > −0.05: promote.
    const last = canaryVerdict(pairs(10, 10, 180), 15, RULES);
    expect(last.verdict).toBe('promote');
    expect(last.final).toBe(true);
    expect(last.lower_bound).toBeCloseTo(-0.0436, 4);
  });

  it('decides at the last look by its bound: not shown within the margin is a rollback', () => {
    // d = −1 on 12, +1 on 8, 0 on 80: mean −0.04, se 0.044767.
    // Look 3 (α = 0.05 · 15 / (17 · 18) = 0.002451): bounds −0.1659 … +0.0859: continue.
    expect(canaryVerdict(pairs(12, 8, 80), 3, RULES).verdict).toBe('continue');
    // Look 15: bounds −0.1271 … +0.0471: neither crossed, and the last look: rollback.
    const last = canaryVerdict(pairs(12, 8, 80), 15, RULES);
    expect(last.verdict).toBe('rollback');
    expect(last.upper_bound).toBeCloseTo(0.0471, 4);
    expect(last.lower_bound).toBeCloseTo(-0.1271, 4);
    expect(last.reason).toMatch(/last look/);
  });

  it('rolls back only beyond minHarm when one is set', () => {
    // The first case's upper bound is −0.1741: below −0.1 (rolled back), not below −0.2 (continue).
    expect(canaryVerdict(pairs(30, 0, 70), 1, { ...RULES, minHarm: 0.1 }).verdict).toBe('rollback');
    expect(canaryVerdict(pairs(30, 0, 70), 1, { ...RULES, minHarm: 0.2 }).verdict).toBe('continue');
  });

  it('continues with fewer than two pairs, and rolls back if that is all at the last look', () => {
    expect(canaryVerdict(pairs(0, 0, 1), 2, RULES).verdict).toBe('continue');
    expect(canaryVerdict([], 15, RULES).verdict).toBe('rollback');
  });
});
