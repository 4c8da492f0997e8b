import { describe, expect, it } from '@jest/globals';
import { seededRandom } from '@flywheel/statistics';
import { detectDrift } from './drift.js';
import { binCounts, populationStabilityIndex, quantileEdges } from './psi.js';
import { monitorSettings } from './replay.fixture.js';
import type { RequestSample } from './samples.js';

const { exp, log, sqrt, cos, PI } = Math;
const drift = monitorSettings().drift;

function sample(random: () => number, skills: readonly [string, number][], latencyMedianMs: number): RequestSample {
  let u = random();
  let skill = skills.at(-1)![0];
  for (const [name, p] of skills) {
    if (u < p) {
      skill = name;
      break;
    }
    u -= p;
  }
  const normal = sqrt(-2 * log(1 - random())) * cos(2 * PI * random());
  return {
    id: 'x', atMs: 0, model: 'm', kind: 'chat', skill, ok: true, latencyMs: latencyMedianMs * exp(0.4 * normal), firstTokenMs: null, tokensPerSecond: null,
    promptTokens: 20 + Math.floor(random() * 200), completionTokens: 50 + Math.floor(random() * 400), unknown: false, judged: null,
    pii: { email: 0, phone: 0, card: 0, iban: 0, ip_address: 0, secret: 0 }, toxic: null, refusal: null,
  };
}

const MIX: [string, number][] = [['code', 0.4], ['reasoning', 0.3], ['factual', 0.2], ['creative', 0.1]];
const SHIFTED: [string, number][] = [['code', 0.2], ['reasoning', 0.3], ['factual', 0.2], ['creative', 0.3]];

describe('PSI', () => {
  it('is Σ (c − r)·ln(c / r) over the ½-smoothed shares', () => {
    // c = (60.5, 40.5)/101, r = (40.5, 60.5)/101: 2 · (20/101) · ln(60.5/40.5).
    const { psi, categories } = populationStabilityIndex(new Map([['a', 60], ['b', 40]]), new Map([['a', 40], ['b', 60]]));
    expect(psi).toBeCloseTo(2 * (20 / 101) * Math.log(60.5 / 40.5), 12);
    expect(categories).toBe(2);
    expect(populationStabilityIndex(new Map([['a', 5]]), new Map([['a', 9]])).psi).toBe(0);
  });

  it('bins lengths at the reference quantiles, with a bin above the last edge', () => {
    const edges = quantileEdges([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5);
    expect(edges).toEqual([3, 5, 7, 9]);
    expect(Object.fromEntries(binCounts([1, 3, 4, 9, 10, 50], edges))).toEqual({ '0': 2, '1': 1, '2': 0, '3': 1, '4': 2 });
  });
});

describe('detectDrift over many seeded windows', () => {
  it('rarely flags two windows of one distribution (false flags ≤ 3 in 200) and nearly always flags a shifted mix', () => {
    const random = seededRandom(42);
    let falseFlags = 0;
    let caught = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const reference = Array.from({ length: 600 }, () => sample(random, MIX, 800));
      const same = Array.from({ length: 200 }, () => sample(random, MIX, 800));
      const moved = Array.from({ length: 200 }, () => sample(random, SHIFTED, 800));
      if (detectDrift(same, reference, drift).detected) falseFlags += 1;
      const report = detectDrift(moved, reference, drift);
      if (report.tests.find((x) => x.feature === 'skill_mix')!.flagged) caught += 1;
    }
    // Six tests at 0.01/6 each: at most ~1% of same-distribution pairs should be flagged.
    expect(falseFlags).toBeLessThanOrEqual(3);
    expect(caught).toBeGreaterThanOrEqual(196);
  });

  it('does not test a feature with fewer than minSamples values in either window', () => {
    const random = seededRandom(7);
    const few = Array.from({ length: 29 }, () => sample(random, MIX, 800));
    const many = Array.from({ length: 100 }, () => sample(random, SHIFTED, 3000));
    expect(detectDrift(few, many, drift)).toEqual({ detected: false, tests: [] });
  });
});
