import { describe, expect, it } from '@jest/globals';
import type { JudgeScoreRecord } from '@flywheel/contracts';
import { gateJudgeFlags } from './judge-flags.js';
import { judgeRecord, scoresOf } from './judge-store.js';
import { metricEntries } from './metric-entries.js';
import type { JudgeScores, RequestSample } from './samples.js';
import { windowMetrics } from './window-metrics.js';

const scores = (outdated: boolean | null, biased: boolean | null): JudgeScores => ({
  relevance: 1, accuracy: 1, completeness: 1, coherence: 1, task: 1, contextGiven: false, supported: null, outdated, biased, reason: '',
});
const request = (n: number, judged: JudgeScores | null, skill = 'facts'): RequestSample => ({
  id: `r${n}`, atMs: n, model: 'deployed', kind: 'chat', skill, ok: true, latencyMs: 100, firstTokenMs: null,
  tokensPerSecond: null, promptTokens: null, completionTokens: null, unknown: false, judged,
  pii: { email: 0, phone: 0, card: 0, iban: 0, ip_address: 0, secret: 0 }, toxic: null, refusal: null,
});

describe('outdated and bias rates of the judged answers', () => {
  // 12 requests: 1 not judged; 11 judged, of which 1 without either flag (an older judge),
  // 10 saying outdated (3 true) and 8 saying biased (2 true; 2 of the 10 left biased unknown).
  const requests = [
    request(0, null),
    request(1, scores(null, null)),
    request(2, scores(true, false)), request(3, scores(true, true)), request(4, scores(true, false)),
    request(5, scores(false, true)), request(6, scores(false, false)), request(7, scores(false, false)),
    request(8, scores(false, false)), request(9, scores(false, false)),
    request(10, scores(false, null)), request(11, scores(false, null)),
  ];

  it('counts only the answers the judge said yes or no about: an unknown flag is neither flagged nor clean', () => {
    const q = windowMetrics(requests, []).quality;
    // By hand: outdated 3 of 10 = 0.3; biased 2 of 8 = 0.25 (not 2 of 11, not 2 of 12).
    expect([q.judged, q.outdated_judged, q.outdated_rate, q.bias_judged, q.bias_rate]).toEqual([11, 10, 0.3, 8, 0.25]);
  });

  it('reports a rate only from minSamples answers carrying its flag', () => {
    const q = windowMetrics(requests, []).quality;
    // 10 outdated verdicts reach 10; 8 bias verdicts do not.
    expect(gateJudgeFlags(q, 10)).toMatchObject({ outdated_judged: 10, outdated_rate: 0.3, bias_judged: 8, bias_rate: null });
    expect(gateJudgeFlags(q, 8)).toMatchObject({ outdated_rate: 0.3, bias_rate: 0.25 });
    expect(gateJudgeFlags(q, 11)).toMatchObject({ outdated_rate: null, bias_rate: null });
  });

  it('exports the gated rates as flywheel.llm.quality.outdated_rate and bias_rate, and nothing for a null rate', () => {
    const measured = windowMetrics(requests, []);
    const entries = (minSamples: number) =>
      metricEntries({ ...measured, quality: gateJudgeFlags(measured.quality, minSamples) }, 60)
        .filter((e) => e.name.endsWith('outdated_rate') || e.name.endsWith('bias_rate'))
        .map((e) => [e.name, e.value]);
    expect(entries(8)).toEqual([['flywheel.llm.quality.outdated_rate', 0.3], ['flywheel.llm.quality.bias_rate', 0.25]]);
    expect(entries(10)).toEqual([['flywheel.llm.quality.outdated_rate', 0.3]]);
  });

  it('gives each skill its own rates', () => {
    // Requests 2, 3, 4 tagged "news": outdated 3 of 3, biased 1 of 3 (3). "facts" keeps 5–11:
    // outdated 0 of 7; bias said by 5–9, biased 5: 1 of 5; 0 and 1 carry no verdict.
    const tagged = requests.map((r, i) => (i >= 2 && i <= 4 ? { ...r, skill: 'news' } : r));
    const { by_skill } = windowMetrics(tagged, []);
    expect(by_skill['news']).toMatchObject({ outdated_judged: 3, outdated_rate: 1, bias_judged: 3, bias_rate: 1 / 3 });
    expect(by_skill['facts']).toMatchObject({ outdated_judged: 7, outdated_rate: 0, bias_judged: 5, bias_rate: 0.2 });
    expect(gateJudgeFlags(by_skill['facts']!, 6)).toMatchObject({ outdated_rate: 0, bias_rate: null });
  });

  it('keeps an unknown flag unknown through the stored record: absent, not false', () => {
    const event = { id: 'r1', at: '2026-11-25T12:00:00.000Z', model: 'deployed', skill: 'facts' };
    const stored = JSON.parse(JSON.stringify(judgeRecord(event, scores(null, true), 'grader', 0))) as JudgeScoreRecord;
    expect(['outdated' in stored, stored.biased]).toEqual([false, true]);
    expect(scoresOf(stored)).toMatchObject({ outdated: null, biased: true });
  });
});
