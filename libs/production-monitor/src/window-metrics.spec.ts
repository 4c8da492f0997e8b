import { describe, expect, it } from '@jest/globals';
import type { RequestSample } from './samples.js';
import { metricEntries } from './metric-entries.js';
import { windowMetrics } from './window-metrics.js';

const request = (n: number, ok: boolean, skill: string, callerFault = false): RequestSample => ({
  id: `r${n}`, atMs: n, model: 'deployed', kind: 'chat', skill, ok, ...(callerFault ? { callerFault: true } : {}), latencyMs: 100, firstTokenMs: null,
  tokensPerSecond: null, promptTokens: null, completionTokens: null, unknown: false, judged: null,
  pii: { email: 0, phone: 0, card: 0, iban: 0, ip_address: 0, secret: 0 }, toxic: null, refusal: null,
});

describe('windowMetrics error rate', () => {
  describe('hostile input: caller faults in error_rate', () => {
    it("counts the model's failures only: a caller's 4xx or hang-up is neither an error nor an answer", () => {
      // 10 requests: 6 answered, 2 failed by the model, 2 by the caller (all "code" but one "chat" model failure).
      const requests = [
        ...[1, 2, 3, 4, 5, 6].map((n) => request(n, true, 'code')),
        request(7, false, 'code'), request(8, false, 'chat'),
        request(9, false, 'code', true), request(10, false, 'code', true),
      ];
      const m = windowMetrics(requests, []);
      // By hand: 2 model errors out of 10 − 2 requests the model could answer = 0.25.
      expect(m.error_rate).toBe(0.25);
      // "code": 6 answered, 1 model error, 2 caller faults → 1 / (9 − 2) = 1/7; "chat": 1 / 1.
      expect(m.by_skill['code']).toMatchObject({ requests: 9, errors: 1, error_rate: 1 / 7 });
      expect(m.by_skill['chat']).toMatchObject({ requests: 1, errors: 1, error_rate: 1 });
      // The per-model figure exported as flywheel.llm.error_rate: the same 2 / (10 − 2), not 2 / 10.
      const exported = metricEntries(m, 60).find((e) => e.name === 'flywheel.llm.error_rate' && e.attributes['gen_ai.request.model'] === 'deployed');
      expect(exported?.value).toBe(0.25);
    });
  });

  it('a window of caller faults only has no error rate, not 0 and not 1', () => {
    expect(windowMetrics([request(1, false, 'code', true)], []).error_rate).toBeNull();
  });
});
