import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { FlywheelReport, type StatusIssue } from '@flywheel/contracts';
import { tempDir } from '@flywheel/testing';
import type { StatusStore } from '@flywheel/status-store';
import { buildReport } from './build-report.js';
import { gatherReportInputs } from './gather-inputs.js';
import { renderReport } from './render-report.js';
import { COST, DEGRADING_TRAFFIC, END, SAFETY, TRAINER_LOSSES, defaultMonitor, pricedSafetyCost, writeReportStatuses } from './report-inputs.fixture.js';

// Hand-worked from the fixture's generator (libs/production-monitor/fixtures/make-degrading-traffic.mjs)
// with seed 000's default table; a pass a minute over 10:00–10:50 (the monitor's replay spec
// works out the same passes):
//   10:10 EXCELLENT 0.944444 A+ · 10:20 HEALTHY 0.827778 B+ · 10:21 WARNING (p95 5.505 s)
//   10:30 WARNING 0.566667 F · 10:40 and 10:50 CRITICAL 0.175 F.
// Whole window (500 requests, 100 ratings):
//   p95: sorted[474.05] of 200 × 1.1–2.0 s, 100 × 5.1–6.0 s, 200 × 14.1–15.0 s (each value 20 times) = 14.9 s
//        → 0.25 − 0.25·4.9/10 = 0.1275; errors 30/500 = 0.06 → 0.94; memory 50 % → 1; CPU 90 % → 1 − 10/20 = 0.5.
//        system = (0.1275 + 0.94 + 1 + 0.5)/4 = 0.641875 → D.
//   rating (100 + 82 + 70 + 72)/100 = 3.24 → 0.75 − 0.25·0.76 = 0.56; corrections (0 + 2 + 5 + 24)/100 = 0.31
//        → 0.5 − 0.25·0.01/0.2 = 0.4875; unknown 45 factual answers / 470 successes = 0.095745 → 0.904255.
//        knowledge = (0.56 + 0.4875 + 0.904255)/3 = 0.650585 → D (no judge scores in a traffic file without Redis: judge rows null).
//   training: loss 0.5 → e^−0.5 = 0.606531; +10 % against 15/25 % → 0.75 − 0.25·2.5/7.5 = 0.666667;
//        mean 0.636599 → D. model quality: accuracy 0.8; eval loss 0.4 → e^−0.4 = 0.67032 (mean 0.73516); corrections
//        BLEU-4 0, ROUGE-L 46/93 (see the test) → (0.8 + 0.67032 + 0 + 0.494624)/4 = 0.491236 → F.
//   Safety and cost of the window's 500 requests (470 answered): no PII, nothing toxic, no refusal ("I don't
//        know" is not one); prompt tokens 5 blocks × Σ(20 + 5·(k mod 10)) = 5 × 4250 = 21250; completion
//        100 + 10·(k mod 10) on successes: 3 × 14500 + 2 × (14500 − 5 × (100 + 120 + 140)) = 68900;
//        at 1 and 2 per million: 0.02125 + 0.1378 = 0.15905, 0.0003181 per query; GPU 71.5 % from llm_health.json.
//   Trends per one-minute bucket: p95 1.955 s (minutes 0–19), 5.955 s (20–29), 14.955 s (30–49): S = 20·10 + 20·20 + 10·20 = 800,
//        declining. Error rate 0 for 30 minutes, then 0.3, 0, 0.3, … (3 of the first 10 of every 20 fail):
//        S = Σ_t (30 + t) − Σ_t (t + 1) over t = 0..9 = 345 − 55 = 290, declining.
const SINCE = 50 * 60;
let base: Awaited<ReturnType<typeof tempDir>>;
let store: StatusStore;
let report: FlywheelReport;

beforeAll(async () => {
  base = await tempDir('report');
  store = await writeReportStatuses(base.dir);
  const inputs = await gatherReportInputs({ now: END, sinceSeconds: SINCE, stepSeconds: 60, monitor: defaultMonitor(), ...pricedSafetyCost(), statusStore: store, trafficFile: DEGRADING_TRAFFIC, checkpointsDir: `${base.dir}/checkpoints` });
  report = await buildReport(inputs);
});
afterAll(async () => base.remove());

const at = (minute: number) => report.timeline[minute - 1]!;
const category = (id: string) => report.categories.find((c) => c.id === id)!;
const metric = (c: string, m: string) => category(c).metrics.find((x) => x.id === m)!;

describe('a report of the recorded degrading traffic', () => {
  it('replays a pass a minute with the levels, scores and grades of each phase', () => {
    expect(report.timeline).toHaveLength(50);
    expect(at(1).at).toBe('2026-11-20T10:01:00.000Z');
    expect([10, 20, 21, 30, 40, 50].map((m) => at(m).level)).toEqual(['EXCELLENT', 'HEALTHY', 'WARNING', 'WARNING', 'CRITICAL', 'CRITICAL']);
    expect([10, 20, 30, 40, 50].map((m) => at(m).health_score)).toEqual([0.944444, 0.827778, 0.566667, 0.175, 0.175]);
    expect([10, 20, 30, 40].map((m) => at(m).grade)).toEqual(['A+', 'B+', 'F', 'F']);
    expect(at(21).breaches[0]).toMatchObject({ metric: 'response_time', value: 5.505, level: 'WARNING' });
    // Minutes 1–4: under 10 ratings, so only response time is judged: p95 of 1.1–2.0 s is 1.955 s at
    // 10:01 (sorted[8.55]) → 1 − 0.25·1.955/3 = 0.837083 < 0.9 → HEALTHY. From 10:05 ten ratings join
    // (all 5, no correction) → (0.833333 + 1 + 1)/3 → EXCELLENT. 10:31 is the first window with P4
    // requests: 90 at 5.1–6.0 s and 10 at 14.1–15.0 s, p95 = 14.5 + 0.05·0.1 = 14.505 s → CRITICAL.
    const levels = report.timeline.map((p) => p.level);
    expect(levels.slice(0, 4)).toEqual(['HEALTHY', 'HEALTHY', 'HEALTHY', 'HEALTHY']);
    expect(at(1).health_score).toBe(0.837083);
    expect(levels.slice(4, 10)).toEqual(Array(6).fill('EXCELLENT'));
    expect(levels.slice(20, 30)).toEqual(Array(10).fill('WARNING'));
    expect(levels.slice(30)).toEqual(Array(20).fill('CRITICAL'));
    expect(at(31).breaches[0]).toMatchObject({ metric: 'response_time', value: 14.505, level: 'CRITICAL' });
    // P2's ratings fall from 5s to 4s, 3s and 2s: the level steps down once and stays down.
    expect(levels.slice(10, 20).join(' ')).toMatch(/^(EXCELLENT )+HEALTHY( HEALTHY)*$/);
    expect(report.level_counts).toMatchObject({ ATTENTION: 0, WARNING: 10, CRITICAL: 20 });
    expect(Object.values(report.level_counts).reduce((a, b) => a + b, 0) + report.timeline.filter((p) => p.level === null).length).toBe(50);
    expect(report.traffic).toMatchObject({ source: 'file', events: 500, feedback: 100, malformed: 0 });
  });

  it('grades each seed-000 category from its metrics', () => {
    expect(report.categories.map((c) => [c.id, c.score, c.grade])).toEqual([
      ['training_performance', 0.636599, 'D'],
      // accuracy and perplexity scores (mean 0.73516), BLEU-4 0 and ROUGE-L 46/93 (below): (2 · 0.73516 + 0 + 46/93) / 4.
      ['model_quality', 0.491236, 'F'],
      ['system_performance', 0.641875, 'D'],
      ['knowledge_integration', 0.650585, 'D'],
    ]);
    expect(metric('system_performance', 'response_time_p95')).toMatchObject({ value: 14.9, score: 0.1275, samples: 500 });
    expect(metric('system_performance', 'error_rate')).toMatchObject({ value: 0.06, score: 0.94 });
    expect(metric('knowledge_integration', 'user_rating')).toMatchObject({ value: 3.24, score: 0.56, samples: 100 });
    expect(metric('knowledge_integration', 'correction_frequency')).toMatchObject({ value: 0.31, score: 0.4875 });
    expect(metric('knowledge_integration', 'unknown_query_rate')).toMatchObject({ value: 0.095745, score: 0.904255 });
    expect(metric('knowledge_integration', 'judge_accuracy')).toMatchObject({ value: null, score: null });
    expect(metric('model_quality', 'calibration_ece')).toMatchObject({ value: null, score: null });
    // 31 corrected answers: 23 "Answer <id>" against "Better answer for <id>" (2 of 4 words, in order:
    // ROUGE-L F = 2 · 1 · 1/2 / (1 + 1/2) = 2/3; no 3- or 4-gram at all: BLEU-4 0) and 8 failed, empty (0, 0).
    expect(metric('model_quality', 'correction_bleu')).toMatchObject({ value: 0, score: 0, samples: 31 });
    expect(metric('model_quality', 'correction_rouge_l')).toMatchObject({ value: Math.round((46 / 93) * 1e6) / 1e6, samples: 31 });
    expect(metric('knowledge_integration', 'hallucination_rate')).toMatchObject({ value: null, score: null, samples: 0 });
    // No judge in this traffic: outdated and bias have no data, say why, and leave the grades alone.
    expect(metric('knowledge_integration', 'outdated_rate')).toMatchObject({ value: null, score: null, samples: 0, basis: 'fewer than 10 judged answers the judge said outdated or not about' });
    expect(report.judge_safety).toEqual([expect.objectContaining({ id: 'bias_rate', value: null, score: null, samples: 0 })]);
    expect(category('model_quality').note).toBe('no data for calibration error (ECE)');
  });

  it('names the trend of each metric with the Mann–Kendall statistic behind it', () => {
    const trend = (m: string) => report.trends.find((t) => t.metric === m)!;
    expect(trend('response_time_p95').buckets.slice(0, 2)).toEqual([1.955, 1.955]);
    expect(trend('response_time_p95').trend).toMatchObject({ direction: 'declining', statistic: 800, points: 50, alpha: 0.05, higher_is_better: false });
    expect(trend('response_time_p95').trend.p_value).toBeLessThan(1e-6);
    expect(trend('error_rate').trend).toMatchObject({ direction: 'declining', statistic: 290 });
    // checkpoint-1200's 8 logged losses fall at every step: S = −C(8,2) = −28; Var = 8·7·21/18 = 65.33,
    // z = 27/8.083 = 3.34, p ≈ 0.0008 < 0.05 → improving (lower loss is better).
    expect(trend('training_loss')).toMatchObject({ label: 'training loss (checkpoint-1200, per logged step)', buckets: TRAINER_LOSSES, trend: { direction: 'improving', statistic: -28, points: 8 } });
    expect(trend('training_loss').trend.p_value).toBeCloseTo(0.00083, 4);
    expect(report.sources.find((s) => s.name === 'trainer_state.json (checkpoint-1200)')!.state).toBe('present');
  });

  it('lists regressions, deployments in the window, failure patterns, safety and cost', () => {
    expect(report.regression).toMatchObject({ regression_detected: false, checkpoint: 'checkpoint-1200', increase_percent: 10, testing_regression_detected: false });
    expect(report.deployments.entries.map((d) => [d.checkpoint, d.success, d.rolled_back])).toEqual([
      ['checkpoint-1100', false, true],
      ['checkpoint-1200', true, false],
    ]);
    expect(report.deployments).toMatchObject({ rollbacks: 1, failures: 1, serving: 'checkpoint-1200' });
    expect(report.failure_patterns!.top.map((p) => p.pattern)).toEqual(['code_generation/hard', 'reasoning/medium', 'factual/hard', 'creative/easy']);
    expect(report.safety_cost_source).toBe('traffic');
    expect(report.safety).toEqual({
      responses_scanned: 470,
      pii: { responses_with_pii: 0, rate: 0, by_kind: { email: 0, phone: 0, card: 0, iban: 0, ip_address: 0, secret: 0 }, redacted_in_logs_and_exports: true },
      toxicity: { rate: 0, flagged: 0, scored: 470, scorer: 'obscenity' },
      refusal: { rate: 0, flagged: 0, scored: 470, scorer: 'patterns' },
    });
    expect(report.cost).toMatchObject({ currency: 'USD', requests: 500, prompt_tokens: 21_250, completion_tokens: 68_900, gpu_utilization_percent: 71.5, gpu_source: 'nvidia-smi' });
    expect(report.cost!.total_cost).toBeCloseTo(0.15905, 10);
    expect(report.cost!.cost_per_query).toBeCloseTo(0.0003181, 10);
  });

  it("falls back to the live monitor's safety and cost when it is not given the settings to scan and price", async () => {
    const inputs = await gatherReportInputs({ now: END, sinceSeconds: SINCE, stepSeconds: 60, monitor: defaultMonitor(), statusStore: store, trafficFile: DEGRADING_TRAFFIC });
    const unscanned = await buildReport(inputs);
    expect([unscanned.safety, unscanned.cost, unscanned.safety_cost_source]).toEqual([SAFETY, COST, 'llm_health']);
  });

  it('escapes every text in the HTML', async () => {
    const hostile = { ...report, run: '<b>run</b>', failure_patterns: { ...report.failure_patterns!, top: [{ pattern: '<img src=x onerror=alert(1)>', failures: 1 }] } };
    const html = (await renderReport(hostile, 'html')).body.toString('utf8');
    expect(html).toContain('<td>&lt;img src=x onerror=alert(1)&gt;</td>');
    expect(html).toContain('<title>Flywheel report — run &lt;b&gt;run&lt;/b&gt;, last 50m</title>');
    expect(html).not.toMatch(/<img|<b>run/);
  });

  it('redacts personal data in the report text', async () => {
    const leaky = { ...report, failure_patterns: { ...report.failure_patterns!, top: [{ pattern: 'mail alice@example.com/hard', failures: 3 }] } };
    const md = (await renderReport(leaky, 'md')).body.toString('utf8');
    expect(md).toContain('| mail [REDACTED:email]/hard | 3 |');
    expect(md).not.toContain('alice@example.com');
  });

  it("keeps the replay's fine-tune recommendations as runs with their confidence and urgency", () => {
    const runs = report.recommendations.replayed;
    expect(runs[0]).toMatchObject({ from: '2026-11-20T10:20:00.000Z', level: 'WARNING', action: 'fine_tune', confidence: 1 });
    expect(runs.at(-1)).toMatchObject({ to: '2026-11-20T10:50:00.000Z', level: 'CRITICAL', method: 'Text-to-LoRA', urgency: 0.875, confidence: 1, driver: 'response_time' });
    expect(runs.reduce((n, r) => n + r.steps, 0)).toBe(30);
    expect(report.recommendations.current).toMatchObject({ action: 'fine_tune', urgency: 0.875 });
  });

  it('renders every section in Markdown, JSON and HTML', async () => {
    const md = (await renderReport(report, 'md')).body.toString('utf8');
    for (const title of ['## Overview', '## Health-level timeline', '## Grades by category (seed 000)', '## Trends', '## Regressions', '## Deployments and rollbacks', '## Top failure patterns (adversarial miner)', '## Safety and cost', '## Fine-tune recommendations', '## Sources']) {
      expect(md).toContain(title);
    }
    expect(md).toContain('| 2026-11-20 10:10:00Z | EXCELLENT | 0.944 | A+ | 100 | 20 | — |');
    expect(md).toContain('| 2026-11-20 10:40:00Z | CRITICAL | 0.175 | F |');
    expect(md).toContain('| Knowledge integration | 65.1 | D |');
    expect(md).toContain('| response time p95 | declining | 800 |');
    const json = FlywheelReport.parse(JSON.parse((await renderReport(report, 'json')).body.toString('utf8')));
    expect(json.timeline.map((p) => p.level)).toEqual(report.timeline.map((p) => p.level));
    const html = (await renderReport(report, 'html')).body.toString('utf8');
    for (const id of ['overview', 'timeline', 'grades', 'trends', 'regressions', 'deployments', 'failure-patterns', 'safety-cost', 'recommendations', 'sources']) {
      expect(html).toContain(`<section data-section="${id}">`);
    }
    expect((html.match(/data-level="CRITICAL"/g) ?? []).length).toBe(report.level_counts.CRITICAL);
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });
});

describe('a report with little to go on', () => {
  it('says what it could not measure instead of inventing figures', async () => {
    const empty = await tempDir('report-empty');
    try {
      const { createStatusStore } = await import('@flywheel/status-store');
      const { pino } = await import('pino');
      const statusStore = createStatusStore({ statusDir: empty.dir, run: 'default', logger: pino({ level: 'silent' }) });
      const bare = await buildReport(await gatherReportInputs({ now: END, sinceSeconds: 3600, stepSeconds: 600, monitor: defaultMonitor(), statusStore, redis: null, redisError: 'redis down', checkpointsDir: `${empty.dir}/checkpoints` }));
      expect(bare.trends.map((t) => t.metric)).not.toContain('training_loss');
      expect(bare.sources.find((s) => s.name === 'trainer_state.json')!.state).toBe('missing');
      expect(bare.categories.map((c) => [c.score, c.grade])).toEqual([[null, null], [null, null], [null, null], [null, null]]);
      expect(bare.timeline.map((p) => p.level)).toEqual([null, null, null, null, null, null]);
      expect([bare.safety, bare.cost, bare.safety_cost_source, bare.regression, bare.failure_patterns]).toEqual([null, null, null, null, null]);
      expect(bare.traffic).toMatchObject({ source: 'none', detail: 'redis down' });
      const md = (await renderReport(bare, 'md')).body.toString('utf8');
      expect(md).toContain('Safety: not measured');
      expect(md).toContain('Cost: not measured');
      expect(md).toContain('| Training performance | — | no data |');
    } finally {
      await empty.remove();
    }
  });

  it('reports bad traffic lines by line number and leaves them out', async () => {
    const dir = await tempDir('report-bad-traffic');
    try {
      const { writeFile } = await import('node:fs/promises');
      const { trafficFile } = await import('./traffic.js');
      const file = `${dir.dir}/traffic.jsonl`;
      await writeFile(file, ['{"stream":"gateway","id":"1000-0","event":{}}', 'not json', '{"stream":"other","id":"1-0"}', '{"stream":"feedback","id":"x"}'].join('\n'));
      const loaded = await trafficFile(file, 0, 10_000);
      const ids: string[] = [];
      for await (const e of loaded.entries) ids.push(e.id);
      expect(ids).toEqual(['1000-0']);
      expect(loaded.problems.map((p: StatusIssue) => [p.where, p.message.split(':')[0]])).toEqual([
        ['line 2', 'not JSON'],
        ['line 3', 'stream'],
        ['line 4', 'id'],
      ]);
    } finally {
      await dir.remove();
    }
  });
});
