import { describe, expect, it } from '@jest/globals';
import { normalCdf } from './normal.js';
import { pairedZTest, zInterval } from './paired-z-test.js';
import { runLevelAlpha } from './run-level-alpha.js';

describe('pairedZTest', () => {
  it('computes z from the mean and sample sd of the differences', () => {
    // d = [1, 0, 1, 0]: mean 0.5, sample variance (4 · 0.25)/3 = 1/3, se = √(1/3 / 4) = 0.288675…
    const t = pairedZTest([0, 0, 0, 0], [1, 0, 1, 0]);
    expect(t.difference).toBeCloseTo(0.5, 12);
    expect(t.standardError).toBeCloseTo(Math.sqrt(1 / 12), 12);
    expect(t.z).toBeCloseTo(0.5 / Math.sqrt(1 / 12), 10);
    expect(t.pAbove).toBeCloseTo(1 - normalCdf(Math.sqrt(3)), 10);
    expect(t.pBelow + t.pAbove).toBeCloseTo(1, 12);
  });
  it('is certain when every pair moved alike, and neutral when nothing moved', () => {
    expect(pairedZTest([1, 2, 3], [0, 1, 2])).toMatchObject({ difference: -1, z: -Infinity, pBelow: 0, pAbove: 1 });
    const still = pairedZTest([1, 2, 3], [1, 2, 3]);
    expect(still).toMatchObject({ difference: 0, z: 0 });
    expect(still.pBelow).toBeCloseTo(0.5, 8);
  });
  it('gives the normal interval', () => {
    const [lo, hi] = zInterval({ difference: 1, standardError: 0.5 }, 0.05);
    expect(lo).toBeCloseTo(1 - 1.959964 * 0.5, 5);
    expect(hi).toBeCloseTo(1 + 1.959964 * 0.5, 5);
  });
  it('rejects unpaired input', () => {
    expect(() => pairedZTest([1, 2], [1])).toThrow(/equally long/);
  });
});

describe('runLevelAlpha', () => {
  it('spends the run budget in shares that add up to it', () => {
    // H = 2: look 1 gets 2/(2·3) = 1/3 of the budget, look 2 gets 2/(3·4) = 1/6.
    expect(runLevelAlpha(1, 0.06, 2)).toBeCloseTo(0.02, 12);
    expect(runLevelAlpha(2, 0.06, 2)).toBeCloseTo(0.01, 12);
    let total = 0;
    for (let t = 1; t <= 100_000; t++) total += runLevelAlpha(t, 0.05, 50);
    // The tail beyond 100 000 looks is 0.05 · 50 / (100 000 + 50) ≈ 2.5e-5.
    expect(total).toBeCloseTo(0.05 - (0.05 * 50) / 100_050, 9);
  });
  it('refuses a look that is not a positive integer', () => {
    expect(() => runLevelAlpha(0, 0.05, 50)).toThrow(/positive integer/);
  });
});
