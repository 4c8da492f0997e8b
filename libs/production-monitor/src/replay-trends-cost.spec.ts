import { describe, expect, it } from '@jest/globals';
import { LlmHealthStatus } from '@flywheel/contracts';
import { tempDir } from '@flywheel/testing';
import { monitorSettings, replay } from './replay.fixture.js';

// fixtures/degrading-traffic.jsonl (see its generator): a request every 6 s, P1 10:00–10:10, P2 10:10–10:20,
// P3 10:20–10:30, P4 10:30–10:50; latency base + 100·(k mod 10) ms with base 1100 (P1, P2), 5100 (P3), 14100 (P4).
describe('trends over the window (Mann–Kendall on equal time buckets)', () => {
  it('calls latency and rating declining over the degrading phases', async () => {
    const { dir, remove } = await tempDir('replay-trends');
    try {
      // One window over all 50 minutes, 10 buckets of 5 minutes (50 requests, 10 ratings each).
      const passes = await replay(monitorSettings((m) => ((m.windowSeconds = 3000), (m.trendBuckets = 10))), { statusDir: dir, everyMinutes: 50, minutes: 50 });
      const trends = passes.get(50)!.trends!;
      // p95 per bucket: 5 of each of base..base+900 → sorted[46.55] = base + 900:
      //   [2000 ×4, 6000 ×2, 15000 ×4]. S = 4·2 + 4·4 + 2·4 = 32 rising pairs, no falling ones.
      //   Var(S) = (10·9·25 − (4·3·13 + 2·1·9 + 4·3·13)) / 18 = (2250 − 330) / 18 = 106.667;
      //   z = (32 − 1) / √106.667 = 3.0016 → p = 2·(1 − Φ(3.0016)) = 0.002686 < 0.05; higher is worse → declining.
      expect(trends['response_time_ms.p95']).toEqual({
        direction: 'declining', test: 'mann-kendall', statistic: 32, p_value: 0.002686, alpha: 0.05,
        // Theil–Sen: the median of the 45 pairwise slopes.
        slope_per_bucket: expect.any(Number), points: 10, higher_is_better: false,
      });
      // Mean rating per bucket (from the generator's scores): P1 5, 5; P2 (8×5 + 2×4)/10 = 4.8, (6×4 + 2×3 + 2×2)/10 = 3.4;
      // P3 (8 code: 5×2 + 3×3, 2 factual ×5)/10 = 2.9, (7 code: 2×3 + 5×4, 3 factual ×5)/10 = 4.1;
      // P4 per 10 min (8 code ×1, 2 factual ×3)/10 = 1.4, (7 code: 4×1 + 3×3, 3 factual ×3)/10 = 2.2, twice.
      // [5, 5, 4.8, 3.4, 2.9, 4.1, 1.4, 2.2, 1.4, 2.2]: S = −32 (by counting the pairs), higher is better → declining.
      expect(trends['user_rating']).toMatchObject({ direction: 'declining', statistic: -32, points: 10, higher_is_better: true });
      expect(trends['user_rating']!.p_value).toBeLessThan(0.05);
      // Every answer is clean: PII rate 0 in every bucket, S = 0, p = 1.
      expect(trends['safety.pii.rate']).toMatchObject({ direction: 'stable', statistic: 0, p_value: 1 });
      // No judge in a replay: no quality buckets, no quality trend.
      expect(trends['quality.relevance']).toBeUndefined();
    } finally {
      await remove();
    }
  });

  it('calls steady traffic stable', async () => {
    const { dir, remove } = await tempDir('replay-trends');
    try {
      const passes = await replay(monitorSettings(), { statusDir: dir, everyMinutes: 10, minutes: 50 });
      // 10:00–10:10 is all P1, 10:40–10:50 all P4: the same latency pattern in every 75 s bucket, no trend.
      for (const minute of [10, 50]) {
        const trends = passes.get(minute)!.trends!;
        expect(Object.values(trends).map((t) => t.direction)).toEqual(Object.values(trends).map(() => 'stable'));
        expect(trends['response_time_ms.p95']).toMatchObject({ points: 8, higher_is_better: false });
      }
    } finally {
      await remove();
    }
  });
});

describe('safety and cost in the status', () => {
  it('prices the window per GPU-hour and counts tokens and scanned answers (worked by hand)', async () => {
    const { dir, remove } = await tempDir('replay-cost');
    try {
      const passes = await replay(monitorSettings(), { statusDir: dir, everyMinutes: 10, minutes: 40, cost: { currency: 'EUR', prices: [{ model: 'deployed', per_gpu_hour: 2.4, gpus: 2 }] } });
      const body = passes.get(40)!;
      // 10:30–10:40 (P4): 100 requests; 600 s = 1/6 h × 2 GPUs × 2.4 = 0.8 → 0.008 per query.
      // Prompt tokens 20 + 5·(k mod 10): 425 per 10 → 4250. Completion 100 + 10·(k mod 10) except the 15 failures
      // (k mod 20 ∈ {0, 2, 4}: 100 + 120 + 140 = 360 per 20): (2·1450 − 360)·5 = 12700.
      expect(body.cost).toEqual({
        currency: 'EUR', requests: 100, prompt_tokens: 4250, completion_tokens: 12700, total_cost: 0.8, cost_per_query: 0.008,
        by_model: { deployed: { requests: 100, prompt_tokens: 4250, completion_tokens: 12700, pricing: 'per_gpu_hour', cost: 0.8, cost_per_query: 0.008 } },
        gpu_utilization_percent: null, gpu_source: null,
      });
      // 85 answers scanned (15 failed); "I don't know the answer to that." is not a refusal.
      expect(body.safety).toEqual({
        responses_scanned: 85,
        pii: { responses_with_pii: 0, rate: 0, by_kind: { email: 0, phone: 0, card: 0, iban: 0, ip_address: 0, secret: 0 }, redacted_in_logs_and_exports: true },
        toxicity: { rate: 0, flagged: 0, scored: 85, scorer: 'obscenity' },
        refusal: { rate: 0, flagged: 0, scored: 85, scorer: 'patterns' },
      });
      expect(LlmHealthStatus.safeParse({ ...body, last_update: new Date().toISOString(), schema_version: 1 }).success).toBe(true);
    } finally {
      await remove();
    }
  });
});
