// The report's traffic from a private Redis: both streams read by time in small chunks and
// merged oldest first give exactly the recorded file's entries of the same range.
import { describe, expect, it } from '@jest/globals';
import { judgeKeys, redisNamespace, type GatewayEvent, type JudgeScoreRecord } from '@flywheel/contracts';
import { redisPerFile, tempDir } from '@flywheel/testing';
import { readFile } from 'node:fs/promises';
import { redisTraffic, trafficFile, type TrafficEntry } from './traffic.js';
import { buildReport } from './build-report.js';
import { gatherReportInputs } from './gather-inputs.js';
import { renderMarkdown } from './render-markdown.js';
import { DEGRADING_TRAFFIC, END, T0, defaultMonitor, writeReportStatuses } from './report-inputs.fixture.js';

const redis = redisPerFile();

async function all(entries: AsyncIterable<TrafficEntry>): Promise<TrafficEntry[]> {
  const out: TrafficEntry[] = [];
  for await (const e of entries) out.push(e);
  return out;
}

async function loadFixture(run: string): Promise<GatewayEvent[]> {
  const ns = redisNamespace(run);
  const pipeline = redis.client.pipeline();
  const events: GatewayEvent[] = [];
  for (const line of (await readFile(DEGRADING_TRAFFIC, 'utf8')).split('\n').filter(Boolean)) {
    const l = JSON.parse(line) as { stream: string; id: string; event?: GatewayEvent; record?: unknown };
    if (l.stream === 'gateway') {
      pipeline.xadd(ns.gatewayEvents, l.id, 'event', JSON.stringify(l.event));
      events.push(l.event!);
    } else pipeline.xadd(ns.feedback, l.id, 'record', JSON.stringify(l.record));
  }
  await pipeline.exec();
  return events;
}

describe('traffic from Redis', () => {
  it('grades the window with the live judge\'s scores kept in Redis: accuracy, relevance and hallucination are no longer null', async () => {
    // The fixture's status store is run "default".
    const events = await loadFixture('default');
    // 12 answered requests of the report's window judged: accuracy 6 × 0.5 and 6 × 1 (mean 0.75),
    // relevance 0.9 each; 10 had context, 3 of those unsupported (rate 0.3). All 12 say whether
    // outdated: 0, 5 and 9 are (3 of 12); the first 11 say whether biased: 2 is (1 of 11).
    const outdated = new Set([0, 5, 9]);
    const picked = events.filter((e) => e.outcome === 'success' && Date.parse(e.at) > T0).slice(0, 12);
    const pipeline = redis.client.pipeline();
    picked.forEach((e, i) => {
      const record: JudgeScoreRecord = {
        request_id: e.id, request_at: e.at, judged_at: e.at, model: e.model, skill: e.skill, judge_model: 'grader',
        relevance: 0.9, accuracy: i < 6 ? 0.5 : 1, completeness: 1, coherence: 1, task_score: 1,
        context_given: i < 10, supported: i < 10 ? i >= 3 : null, outdated: outdated.has(i), ...(i < 11 ? { biased: i === 2 } : {}), reason: '',
      };
      pipeline.xadd(judgeKeys('default').scores, '*', 'score', JSON.stringify(record));
    });
    await pipeline.exec();
    const base = await tempDir('judged-report');
    try {
      const store = await writeReportStatuses(base.dir);
      const report = await buildReport(await gatherReportInputs({ now: END, sinceSeconds: 50 * 60, stepSeconds: 60, monitor: defaultMonitor(), statusStore: store, redis: redis.client }));
      const knowledge = report.categories.find((c) => c.id === 'knowledge_integration')!;
      const metric = (id: string) => knowledge.metrics.find((m) => m.id === id)!;
      // Seed 000's anchors: accuracy 0.8 → 0.75, 0.6 → 0.5, so 0.75 → 0.5 + 0.25 · 0.15/0.2 = 0.6875;
      // relevance 1 → 1, 0.7 → 0.75, so 0.9 → 0.75 + 0.25 · 0.2/0.3 = 0.916667; hallucination 0.3 → 0.7.
      expect(metric('judge_accuracy')).toMatchObject({ value: 0.75, score: 0.6875, samples: 12 });
      expect(metric('judge_relevance')).toMatchObject({ value: 0.9, score: 0.916667, samples: 12 });
      expect(metric('hallucination_rate')).toMatchObject({ value: 0.3, score: 0.7, samples: 10 });
      // Outdated 3/12 = 0.25 → 1 − 0.25; bias 1/11 = 0.090909 → 0.909091, beside the safety figures.
      expect(metric('outdated_rate')).toMatchObject({ value: 0.25, score: 0.75, samples: 12, basis: '1 − share of judged answers the judge flagged outdated' });
      expect(report.judge_safety).toEqual([
        { id: 'bias_rate', label: 'bias rate', value: 0.090909, unit: 'share', score: 0.909091, basis: '1 − share of judged answers the judge flagged biased', source: 'traffic (judge)', samples: 11 },
      ]);
      // The Markdown's safety section carries the row: 9.1 %, score 0.909, 11 judged answers.
      const markdown = renderMarkdown(report);
      const safety = markdown.slice(markdown.indexOf('## Safety and cost'));
      expect(safety).toContain('| bias rate | 9.1 % | 0.909 | 1 − share of judged answers the judge flagged biased | 11 |');
    } finally {
      await base.remove();
    }
  });

  it('reads both streams between two times in chunks, merged oldest first, as the file has them', async () => {
    const ns = redisNamespace('replay');
    const pipeline = redis.client.pipeline();
    for (const line of (await readFile(DEGRADING_TRAFFIC, 'utf8')).split('\n').filter(Boolean)) {
      const l = JSON.parse(line) as { stream: string; id: string; event?: unknown; record?: unknown };
      if (l.stream === 'gateway') pipeline.xadd(ns.gatewayEvents, l.id, 'event', JSON.stringify(l.event));
      else pipeline.xadd(ns.feedback, l.id, 'record', JSON.stringify(l.record));
    }
    await pipeline.exec();
    // 10:20:00–10:29:59.999: P3's 100 requests and 20 ratings; a chunk of 7 makes both streams page.
    const [from, to] = [T0 + 20 * 60_000, T0 + 30 * 60_000 - 1];
    const fromRedis = await all(redisTraffic(redis.client, 'replay', from, to, 7).entries);
    const fromFile = await all((await trafficFile(DEGRADING_TRAFFIC, from, to)).entries);
    expect(fromRedis.filter((e) => e.stream === 'gateway')).toHaveLength(100);
    expect(fromRedis.filter((e) => e.stream === 'feedback')).toHaveLength(20);
    expect(fromRedis).toEqual(fromFile);
    expect(fromRedis.map((e) => e.atMs)).toEqual([...fromRedis.map((e) => e.atMs)].sort((a, b) => a - b));
  });
});
