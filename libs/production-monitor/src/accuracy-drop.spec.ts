import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@flywheel/config';
import { LlmHealthStatus } from '@flywheel/contracts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accuracyDrop, accuracyDropPass, newAccuracyDropState } from './accuracy-drop.js';
import { decideTrigger } from './fine-tune-trigger.js';
import { runMonitorPass } from './monitor-pass.js';
import { createMonitorState } from './monitor-state.js';
import type { JudgeScores, RatingSample, RequestSample } from './samples.js';

const rating = (atMs: number, good: boolean): RatingSample => ({ requestId: `q${atMs}`, atMs, skill: null, good, score: good ? 5 : 1, corrected: false, clarification: false, correctionScores: null });
const ratings = (fromMs: number, good: number, bad: number) => Array.from({ length: good + bad }, (_, i) => rating(fromMs + i, i < good));
const judged = (accuracy: number): JudgeScores => ({ relevance: 1, accuracy, completeness: 1, coherence: 1, task: 1, contextGiven: false, supported: null, outdated: null, biased: null, reason: '' });
const request = (atMs: number, accuracy: number): RequestSample => ({
  id: `r${atMs}`, atMs, model: 'm', kind: 'chat', skill: null, ok: true, latencyMs: 100, firstTokenMs: null, tokensPerSecond: null, promptTokens: null,
  completionTokens: null, unknown: false, judged: judged(accuracy), pii: { email: 0, phone: 0, card: 0, iban: 0, ip_address: 0, secret: 0 }, toxic: null, refusal: null,
});
const rules = { points: 5, runFalseAlarmRate: 0.05, runHorizon: 24, minSamples: 10 };
const AT = '2026-01-01T00:00:00.000Z';

describe('accuracyDrop (seed 001: accuracy drops > 5 % → investigate + retrain)', () => {
  it('flags a drop shown larger than 5 points at the look\'s share of the run\'s error rate', () => {
    // Reference: 90 good of 100 ratings; current: 24 of 40. Drop 30 points; excess over the margin 0.25.
    // Unbiased variances: 9/99 / 100 and 9.6/39 / 40; se = √(0.000909091 + 0.00615385) = 0.0840413;
    // z = 0.25 / 0.0840413 = 2.97473, p = 1 − Φ(z) = 0.0014662. Look 1: α = 0.05 · 24 / (24 · 25) = 0.002.
    const d = accuracyDrop({ requests: [], ratings: ratings(0, 90, 10) }, { requests: [], ratings: ratings(1000, 24, 16) }, rules, 1, AT);
    expect(d).toMatchObject({ source: 'ratings', baseline: 0.9, current: 0.6, baseline_samples: 100, current_samples: 40, threshold_points: 5, look: 1, detected: true, evaluated_at: AT });
    expect(d.drop_percent).toBeCloseTo(30, 6);
    expect(d.statistic).toBeCloseTo(2.97473, 4);
    expect(d.p_value).toBeCloseTo(0.0014662, 6);
    expect(d.alpha).toBeCloseTo(0.002, 12);
    expect(d.reason).toContain('investigate + retrain');
    // The same numbers at look 3 (α = 1.2 / (26 · 27) = 0.0017094) still flag; at a look with α below p they would not.
    expect(accuracyDrop({ requests: [], ratings: ratings(0, 90, 10) }, { requests: [], ratings: ratings(1000, 24, 16) }, rules, 3, AT).alpha).toBeCloseTo(0.0017094, 7);
    expect(accuracyDrop({ requests: [], ratings: ratings(0, 90, 10) }, { requests: [], ratings: ratings(1000, 24, 16) }, { ...rules, runFalseAlarmRate: 0.01 }, 1, AT).detected).toBe(false);
  });

  it('does not flag a drop of exactly the margin: 90 % → 85 % is z = 0, p = 0.5', () => {
    const d = accuracyDrop({ requests: [], ratings: ratings(0, 90, 10) }, { requests: [], ratings: ratings(1000, 34, 6) }, rules, 1, AT);
    expect(d.detected).toBe(false);
    expect(d.p_value).toBeCloseTo(0.5, 6); // normalCdf is good to 1.5e-7
    expect(d.reason).toMatch(/^no drop shown > 5 points/);
  });

  it("uses the judge's accuracy when both windows have enough judged answers, before ratings", () => {
    // Reference judged 0.9 ×10, 0.7 ×10 (mean 0.8); current 0.5 ×5, 0.3 ×5 (mean 0.4): drop 40 points.
    // se = √(0.2/19/20 + 0.1/9/10) = 0.0404651; z = (0.4 − 0.05) / se = 8.6494.
    const base = [...Array.from({ length: 10 }, (_, i) => request(i, 0.9)), ...Array.from({ length: 10 }, (_, i) => request(10 + i, 0.7))];
    const cur = [...Array.from({ length: 5 }, (_, i) => request(100 + i, 0.5)), ...Array.from({ length: 5 }, (_, i) => request(105 + i, 0.3))];
    const d = accuracyDrop({ requests: base, ratings: ratings(0, 20, 0) }, { requests: cur, ratings: ratings(100, 20, 0) }, rules, 1, AT);
    expect(d).toMatchObject({ source: 'judge', baseline: 0.8, current: 0.4, baseline_samples: 20, current_samples: 10, detected: true });
    expect(d.statistic).toBeCloseTo(8.6494, 3);
  });

  it('is certain when every value is the same in both windows (no variance): p 0, statistic null', () => {
    const d = accuracyDrop({ requests: Array.from({ length: 10 }, (_, i) => request(i, 1)), ratings: [] }, { requests: Array.from({ length: 10 }, (_, i) => request(100 + i, 0.5)), ratings: [] }, rules, 1, AT);
    expect(d).toMatchObject({ source: 'judge', detected: true, p_value: 0, statistic: null, drop_percent: 50 });
  });

  it('is not tested, and spends no look, under minSamples in either window', () => {
    const state = newAccuracyDropState();
    const { drop, fresh } = accuracyDropPass(state, { requests: [], ratings: ratings(0, 90, 10) }, { requests: [], ratings: ratings(1000, 2, 7) }, rules, 0, 600_000);
    expect([drop.source, drop.detected, drop.p_value, fresh, state.looks]).toEqual([null, false, null, false, 0]);
    expect(drop.reason).toContain('fewer than 10');
  });

  it('makes one look per disjoint window: passes in between repeat the last look', () => {
    const state = newAccuracyDropState();
    const base = { requests: [], ratings: ratings(0, 90, 10) };
    const cur = { requests: [], ratings: ratings(1000, 24, 16) };
    expect(accuracyDropPass(state, base, cur, rules, 0, 600_000)).toMatchObject({ fresh: true, drop: { look: 1 } });
    expect(accuracyDropPass(state, base, cur, rules, 599_999, 600_000)).toMatchObject({ fresh: false, drop: { look: 1 } });
    expect(accuracyDropPass(state, base, cur, rules, 600_000, 600_000)).toMatchObject({ fresh: true, drop: { look: 2 } });
    expect(state.looks).toBe(2);
  });
});

describe('the fine-tune trigger on a shown accuracy drop', () => {
  const trigger = loadConfig({ argv: [], env: {}, cwd: '/' }).monitor.trigger;
  const drop = { detected: true, reason: 'accuracy drop > 5 points: …; investigate + retrain' };
  it('fires at any measured level, with the drop as its reason, outside the cooldown only', () => {
    expect(decideTrigger({ level: 'HEALTHY', confidence: 0, urgency: 0 }, null, 10_000_000, trigger, drop)).toEqual({ fire: true, reason: drop.reason, cooldownRemainingSeconds: 0 });
    // Triggered 600 s ago with a 3600 s cooldown: 3000 s left.
    const cooling = decideTrigger({ level: 'HEALTHY', confidence: 0, urgency: 0 }, 10_000_000 - 600_000, 10_000_000, trigger, drop);
    expect(cooling).toMatchObject({ fire: false, cooldownRemainingSeconds: 3000 });
    expect(decideTrigger({ level: 'HEALTHY', confidence: 0, urgency: 0 }, null, 10_000_000, trigger, { ...drop, detected: false }).fire).toBe(false);
  });

  it('runMonitorPass: llm_health says it, the recommendation asks to retrain and the trigger fires at ATTENTION', async () => {
    const config = loadConfig({ argv: [], env: {}, cwd: '/' });
    const monitor = config.monitor;
    const state = createMonitorState(monitor);
    const now = 10_000_000;
    // Reference window (now − 4200 s, now − 600 s]: 90 good of 100; current (now − 600 s, now]: 24 good of 40.
    for (const r of ratings(now - 4_000_000, 90, 10)) state.ratings.add(r);
    for (const r of ratings(now - 500_000, 24, 16)) state.ratings.add(r);
    const dir = mkdtempSync(join(tmpdir(), 'accuracy-drop-'));
    const host = { memory_used_bytes: 1, memory_total_bytes: 2, memory_percent: 50, cpu_percent: null, load_average_1m: 0, monitor_rss_bytes: 1 };
    const body = await runMonitorPass(state, { nowMs: now, monitor, statusDir: dir, baseDir: dir, run: 't', host, redact: false, cost: config.cost, gpu: null, manualRequests: [], errors: [] });
    // Mean rating (24·5 + 16·1) / 40 = 3.4: below attention (4), above warning (3), so seed 000's own trigger would not fire.
    expect(body.level).toBe('ATTENTION');
    expect(body.accuracy_drop).toMatchObject({ source: 'ratings', baseline: 0.9, current: 0.6, detected: true, look: 1 });
    expect(body.recommendation.action).toBe('fine_tune');
    expect(body.recommendation.improvement_areas.some((a) => a.startsWith('investigate + retrain: live accuracy fell 30 points'))).toBe(true);
    expect(body.fine_tune.triggered).toBe(true);
    expect(body.fine_tune.reason).toContain('investigate + retrain');
    expect(body.fine_tune.last).toMatchObject({ level: 'ATTENTION', method: monitor.methods.default });
    expect(LlmHealthStatus.safeParse({ ...body, schema_version: 1, last_update: new Date(0).toISOString() }).error?.issues ?? []).toEqual([]);
  });
});
