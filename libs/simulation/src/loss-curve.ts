/**
 * A plausible training curve for the simulator: loss decays towards a floor with a little
 * deterministic wobble; from `regressAtStep` on (if set) the validation loss jumps by
 * `regressionFactor`, which is what the regression monitor should catch.
 */
export interface LossCurve {
  initial: number;
  floor: number;
  /** Steps over which the gap to the floor shrinks by e. */
  decaySteps: number;
  regressAtStep?: number;
  regressionFactor?: number;
}

export const DEFAULT_LOSS_CURVE: LossCurve = { initial: 2.2, floor: 0.45, decaySteps: 400 };

export function trainLossAt(curve: LossCurve, step: number): number {
  const clean = curve.floor + (curve.initial - curve.floor) * Math.exp(-step / curve.decaySteps);
  const wobble = 0.03 * Math.sin(step * 0.37) * clean;
  return round(clean + wobble);
}

export function evalLossAt(curve: LossCurve, step: number): number {
  const clean = curve.floor + (curve.initial - curve.floor) * Math.exp(-step / curve.decaySteps);
  const eval_ = clean * 1.05;
  const regressed = curve.regressAtStep !== undefined && step >= curve.regressAtStep;
  return round(regressed ? eval_ * (curve.regressionFactor ?? 1.3) : eval_);
}

export function learningRateAt(step: number, maxSteps: number, peak = 2e-5): number {
  return peak * Math.max(0, 1 - step / maxSteps);
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
