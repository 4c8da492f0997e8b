import { describe, expect, it } from '@jest/globals';
import { evalLossAt, learningRateAt } from './loss-curve.js';

describe('simulated loss curve', () => {
  const curve = { initial: 2.0, floor: 0.5, decaySteps: 100 };

  it('follows floor + (initial - floor)·e^(-step/decay), scaled by 1.05 for eval', () => {
    // step 100: 0.5 + 1.5·e^-1 = 1.05181916… → ×1.05 = 1.10441…
    expect(evalLossAt(curve, 100)).toBeCloseTo(1.1044, 4);
  });

  it('jumps by the regression factor from the regression step on', () => {
    const regressed = { ...curve, regressAtStep: 200, regressionFactor: 1.3 };
    expect(evalLossAt(regressed, 199)).toBeCloseTo(evalLossAt(curve, 199), 10);
    // 0.5 + 1.5·e^-2 = 0.70300… → ×1.05 ×1.3 = 0.95959…
    expect(evalLossAt(regressed, 200)).toBeCloseTo(0.9596, 4);
  });

  it('decays the learning rate linearly to zero', () => {
    expect(learningRateAt(0, 1000)).toBeCloseTo(2e-5, 12);
    expect(learningRateAt(500, 1000)).toBeCloseTo(1e-5, 12);
    expect(learningRateAt(1000, 1000)).toBe(0);
  });
});
