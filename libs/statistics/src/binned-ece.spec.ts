import { describe, expect, it } from '@jest/globals';
import { binnedConfidences, calibrationBin, eceAt } from './binned-ece.js';
import { calibration } from './calibration.js';

describe('eceAt', () => {
  // Two bins: {0.1 wrong, 0.3 right} → |0.5 − 0.2| = 0.3; {0.9 right, 0.95 wrong} → |0.5 − 0.925| = 0.425.
  const data = binnedConfidences([0.1, 0.3, 0.9, 0.95, NaN], [false, true, true, false, true], 2);

  it('is Σ (n_b / N) · |accuracy_b − confidence_b| over the examples with a confidence', () => {
    expect(eceAt(data)).toBeCloseTo(0.5 * 0.3 + 0.5 * 0.425, 12);
  });

  it('takes a resample by indices, repeats counted, examples without a confidence left out', () => {
    // {0.1 wrong, 0.1 wrong} → |0 − 0.1|, weight 2/3; {0.9 right} → |1 − 0.9|, weight 1/3; index 4 has none.
    expect(eceAt(data, [0, 0, 2, 4])).toBeCloseTo(0.1, 12);
    expect(eceAt(data, [4])).toBeNull();
  });

  it('equals calibration()’s ECE, with the same bin for 1 and for a bin edge', () => {
    expect([calibrationBin(1, 5), calibrationBin(0.2, 5), calibrationBin(0.19, 5)]).toEqual([4, 1, 0]);
    const confidence = [0.05, 0.2, 0.41, 0.4, 0.66, 0.8, 1, 0.99, 0.33];
    const correct = [false, true, true, false, true, true, true, false, false];
    expect(eceAt(binnedConfidences(confidence, correct, 5))).toBe(calibration(confidence, correct, 5).ece);
  });
});
