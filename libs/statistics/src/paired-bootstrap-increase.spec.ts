import { describe, expect, it } from '@jest/globals';
import { mean } from './descriptive.js';
import { pairedBootstrapIncrease, relativeIncreasePercent } from './paired-bootstrap.js';

describe('pairedBootstrapIncrease', () => {
  it('is reproducible for the same seed', () => {
    const base = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const current = [1.5, 1.8, 3.9, 4.2, 5.5, 6.1, 7.7, 8.2, 9.4, 10.9];
    expect(pairedBootstrapIncrease(base, current, 500)).toEqual(pairedBootstrapIncrease(base, current, 500));
  });

  it('puts the point estimate inside the interval', () => {
    const base = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const current = [1.5, 1.8, 3.9, 4.2, 5.5, 6.1, 7.7, 8.2, 9.4, 10.9];
    // sum(base) = 55, sum(current) = 59.2 → +7.636… %
    const result = pairedBootstrapIncrease(base, current, 2_000);
    expect(result.estimatePercent).toBeCloseTo((4.2 / 55) * 100, 9);
    expect(result.intervalPercent[0]).toBeLessThan(result.estimatePercent);
    expect(result.intervalPercent[1]).toBeGreaterThan(result.estimatePercent);
  });

  it('rejects unpaired input', () => {
    expect(() => pairedBootstrapIncrease([1, 2], [1], 10)).toThrow(/equally long/);
  });

  it('computes means and relative increases by their definitions', () => {
    expect(mean([0.2, 0.4, 0.9])).toBeCloseTo(0.5, 12);
    expect(relativeIncreasePercent(0.5, 0.6)).toBeCloseTo(20, 10);
  });
});
