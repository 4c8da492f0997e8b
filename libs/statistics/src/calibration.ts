import { calibrationBin } from './binned-ece.js';
export interface CalibrationBin {
  /** "0.0-0.2" */
  range: string;
  lower: number;
  upper: number;
  count: number;
  accuracy: number | null;
  meanConfidence: number | null;
}

export interface Calibration {
  bins: CalibrationBin[];
  /** Expected calibration error: Σ (n_b / N) · |accuracy_b − confidence_b|. */
  ece: number | null;
  /** Mean of (confidence − correct)². */
  brier: number | null;
  count: number;
}

/** Equal-width bins over [0, 1]; the last bin includes 1. */
export function calibration(confidence: readonly number[], correct: readonly boolean[], binCount = 5): Calibration {
  if (confidence.length !== correct.length) throw new Error('calibration needs one outcome per confidence');
  const width = 1 / binCount;
  const sums = Array.from({ length: binCount }, () => ({ n: 0, right: 0, conf: 0 }));
  let brier = 0;
  confidence.forEach((c, i) => {
    const b = calibrationBin(c, binCount);
    sums[b]!.n += 1;
    sums[b]!.conf += c;
    if (correct[i]) sums[b]!.right += 1;
    brier += (c - (correct[i] ? 1 : 0)) ** 2;
  });
  const n = confidence.length;
  let ece = 0;
  const bins = sums.map((s, b) => {
    const lower = round(b * width);
    const upper = round((b + 1) * width);
    const accuracy = s.n ? s.right / s.n : null;
    const meanConfidence = s.n ? s.conf / s.n : null;
    if (s.n) ece += (s.n / n) * Math.abs(accuracy! - meanConfidence!);
    return { range: `${lower.toFixed(1)}-${upper.toFixed(1)}`, lower, upper, count: s.n, accuracy, meanConfidence };
  });
  return { bins, ece: n ? ece : null, brier: n ? brier / n : null, count: n };
}

const round = (x: number) => Math.round(x * 1e9) / 1e9;

/**
 * The temperature T that best calibrates the confidences: c_T = σ(logit(c) / T), chosen to
 * minimise the negative log-likelihood of the outcomes (temperature scaling, on the binary
 * "is the answer right" event). T > 1 softens an over-confident model. Golden-section search
 * on log T over [0.05, 20].
 */
export function bestTemperature(confidence: readonly number[], correct: readonly boolean[]): number | null {
  if (confidence.length === 0) return null;
  const logits = confidence.map((c) => {
    const clipped = Math.min(1 - 1e-6, Math.max(1e-6, c));
    return Math.log(clipped / (1 - clipped));
  });
  const nll = (logT: number) => {
    const t = Math.exp(logT);
    let sum = 0;
    logits.forEach((z, i) => {
      const p = 1 / (1 + Math.exp(-z / t));
      sum -= Math.log(correct[i] ? Math.max(p, 1e-12) : Math.max(1 - p, 1e-12));
    });
    return sum;
  };
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const phi = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - phi * (hi - lo);
  let x2 = lo + phi * (hi - lo);
  let f1 = nll(x1);
  let f2 = nll(x2);
  for (let i = 0; i < 100; i++) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - phi * (hi - lo);
      f1 = nll(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + phi * (hi - lo);
      f2 = nll(x2);
    }
  }
  return Math.exp((lo + hi) / 2);
}
