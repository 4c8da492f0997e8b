import { describe, expect, it } from '@jest/globals';
import { pairedEceRise } from './paired-ece-rise.js';

// 40 examples, the first 20 right. A confidence equal to the outcome (1 or 0) is perfectly
// calibrated in every resample: ECE 0.
const correct = Array.from({ length: 40 }, (_, i) => i < 20);
const exact = { confidence: correct.map((c) => (c ? 1 : 0)), correct };

describe('pairedEceRise', () => {
  it('is certain of a rise every resample shows', () => {
    // Confidence 0.9 on every example: one bin, accuracy a, ECE |a − 0.9| = 0.4 on all 40;
    // a resample is above 0 unless ≥ 36 of its 40 draws are right examples (P ≈ 1e-7).
    const sure = { confidence: correct.map(() => 0.9), correct };
    const e = pairedEceRise(exact, sure, 5, 2_000, 0.05);
    expect(e.rise).toBeCloseTo(0.4, 12);
    expect(e.pNotWorse).toBeCloseTo(1 / 2_001, 12);
    expect(e.lowerBound).toBeGreaterThan(0);
    expect(e.examples).toBe(40);
  });

  it('is unsure of a rise that one example makes', () => {
    // One right example with confidence 0: bin 0.0-0.2 holds it and the 20 wrong ones, accuracy
    // 1/21 at confidence 0, ECE (21/40)·(1/21) = 1/40 = 0.025. A resample shows a rise only when it
    // draws that example: P = 1 − (39/40)^40 = 0.6368, so P(rise ≤ 0) = 0.3632 (± 0.011 at 2 000).
    const oneOff = { confidence: exact.confidence.map((c, i) => (i === 0 ? 0 : c)), correct };
    const e = pairedEceRise(exact, oneOff, 5, 2_000, 0.05);
    expect(e.rise).toBeCloseTo(0.025, 12);
    expect(Math.abs(e.pNotWorse - (39 / 40) ** 40)).toBeLessThan(0.04);
    expect(e.lowerBound).toBe(0);
  });

  it('gives the same answer for the same records, and none when nothing is paired', () => {
    const oneOff = { confidence: exact.confidence.map((c, i) => (i === 0 ? 0 : c)), correct };
    expect(pairedEceRise(exact, oneOff, 5, 500, 0.05)).toEqual(pairedEceRise(exact, oneOff, 5, 500, 0.05));
    expect(() => pairedEceRise(exact, { confidence: [0.5], correct: [true] }, 5, 10, 0.05)).toThrow(/equally long/);
  });
});
