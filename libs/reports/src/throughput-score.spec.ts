import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@flywheel/config';
import { windowMetrics, type RequestSample } from '@flywheel/production-monitor';
import { categoryScores } from './category-scores.js';

const request = (n: number, completionTokens: number): RequestSample => ({
  id: `r${n}`, atMs: n * 1000, model: 'm', kind: 'chat', skill: null, ok: true, latencyMs: 100, firstTokenMs: null,
  tokensPerSecond: null, promptTokens: null, completionTokens, unknown: false, judged: null,
  pii: { email: 0, phone: 0, card: 0, iban: 0, ip_address: 0, secret: 0 }, toxic: null, refusal: null,
});

// 30 requests of 50 tokens each over a 60 s report window: 0.5 requests/s, 25 output tokens/s.
const window = windowMetrics(Array.from({ length: 30 }, (_, i) => request(i + 1, 50)), [], 60);
const throughputRow = (target?: number) => {
  const monitor = { ...loadConfig({ argv: [], env: {}, cwd: '/' }).monitor, ...(target === undefined ? {} : { throughputTargetRps: target }) };
  const system = categoryScores(window, {}, monitor).find((c) => c.id === 'system_performance')!;
  return { system, row: system.metrics.find((m) => m.id === 'throughput')! };
};

describe('the report\'s throughput row (System performance)', () => {
  it('is shown and not scored without a capacity reference, so it does not move the category', () => {
    const { system, row } = throughputRow();
    expect(row).toMatchObject({ value: 0.5, unit: 'requests/s', score: null, samples: 30 });
    expect(row.basis).toContain('no capacity reference');
    expect(row.basis).toContain('25 output tokens/s');
    // The other rows scored: p95 0.1 s → 1 − (0.1 / 3) × 0.25 on the monitor's anchors; error rate 0 → 1; no host figures.
    // (each row is rounded to 6 decimals before the mean, hence 5 here)
    expect(system.score).toBeCloseTo((1 - 0.1 / 3 * 0.25 + 1) / 2, 5);
  });

  it('scores rate / monitor.throughputTargetRps, capped at 1', () => {
    expect(throughputRow(2).row.score).toBe(0.25);
    expect(throughputRow(0.25).row.score).toBe(1);
  });
});
