import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@flywheel/config';
import { JudgeQuarantineEntry, judgeKeys, JudgeScoreRecord, LlmHealthStatus, productionMonitorKeys, redisNamespace, type FeedbackRecord, type GatewayEvent } from '@flywheel/contracts';
import { createLogger } from '@flywheel/logging';
import { redisPerFile, startJsonServer, tempDir, waitFor } from '@flywheel/testing';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createProductionMonitor } from './production-monitor.daemon.js';
import { startProductionMonitor } from './start-production-monitor.js';

const redis = redisPerFile();

function event(n: number): GatewayEvent {
  return {
    id: `req-${n}`, at: new Date().toISOString(), kind: 'chat', stream: false, model: 'deployed', outcome: 'success', status: 200, error: null,
    latency_ms: 400 + n, first_token_ms: null, prompt_tokens: 10, completion_tokens: 40, tokens_per_second: 100,
    attempts: [{ model: 'deployed', outcome: 'success', status: 200, error: null, latency_ms: 400 + n }],
    // Every third prompt carries context the answer should rest on.
    prompt: n % 3 === 0 ? `Context: the sky is green.\nquestion ${n}` : `question ${n}`, output: n % 10 === 0 ? "Sorry, I don't know." : `answer ${n}`, skill: n % 2 ? 'reasoning' : 'code_generation',
  };
}

function rating(n: number): FeedbackRecord {
  const record: FeedbackRecord = { request_id: `req-${n}`, rating: 'good', score: 4, at: new Date().toISOString(), model: 'deployed', prompt: `question ${n}`, original_completion: `answer ${n}`, skill: 'reasoning' };
  // One answer corrected: "a b c d" against "a b c d e f" is BLEU-4 e^(1 − 6/4), ROUGE-L F 0.8 (correction-scores.spec).
  return n === 5 ? { ...record, rating: 'bad', original_completion: 'a b c d', correction: 'a b c d e f' } : record;
}

/**
 * The judge's far side: fixed scores; for a prompt with context, supported unless the request
 * number is a multiple of 6 (6, 12, … are hallucinations); outdated when the number is a multiple
 * of 5; biased when a multiple of 4, said only up to request 20 (later replies leave the flag out,
 * as a judge on an older prompt would); request 7 gets a reply that is no judgement, request 11
 * one whose "outdated" is not true or false.
 */
function judgeReply(body: unknown) {
  const user = (body as { messages: { content: string }[] }).messages[1]!.content;
  const n = Number(/question (\d+)/.exec(user)![1]);
  if (n === 7) return { body: { choices: [{ message: { content: 'I would rather not grade this. Ask ann@example.com' } }] } };
  const context = user.includes('Context:');
  const verdict = {
    relevance: 0.8, accuracy: 0.7, completeness: 0.9, coherence: 1, task_score: 0.6, context_given: context, supported: context ? n % 6 !== 0 : null,
    outdated: n === 11 ? 'maybe' : n % 5 === 0, ...(n <= 20 ? { biased: n % 4 === 0 } : {}), reason: `reason ${n}`,
  };
  return { body: { choices: [{ message: { content: JSON.stringify(verdict) } }] } };
}

describe('production-monitor daemon on a private Redis', () => {
  it('consumes the streams as events arrive, judges a sample, writes llm_health.json, and resumes after a restart without double counting', async () => {
    const { dir, remove } = await tempDir('production-monitor');
    const judge = await startJsonServer((request) => judgeReply(request.body));
    const config = loadConfig({
      argv: ['--base-dir', dir, '--redis-url', redis.server.url, '--run', 'pm', '--interval', '3600', '--set', 'heartbeatSeconds=0.5',
        '--judge-url', judge.url, '--set', 'monitor.judge.model=grader', '--set', 'monitor.judge.samplingRate=1', '--set', 'monitor.judge.maxPerPass=100'],
      env: {},
      cwd: dir,
    });
    const logger = createLogger({ name: 'production-monitor', logsDir: config.paths.logsDir, level: 'warn', pretty: false });
    const ns = redisNamespace('pm');
    const statusFile = path.join(config.paths.statusDir, 'llm_health.json');
    const status = async () => LlmHealthStatus.parse(JSON.parse(await readFile(statusFile, 'utf8')));
    let daemon = startProductionMonitor(createProductionMonitor(), config, logger);
    try {
      await daemon.ready;
      for (let n = 1; n <= 30; n++) await redis.client.xadd(ns.gatewayEvents, '*', 'event', JSON.stringify(event(n)));
      for (let n = 1; n <= 5; n++) await redis.client.xadd(ns.feedback, '*', 'record', JSON.stringify(rating(n)));
      const badId = await redis.client.xadd(ns.gatewayEvents, '*', 'event', '{"id": "torn');
      const first = await waitFor(async () => {
        const s = await status();
        return s.ingest.events_total === 30 && s.ingest.feedback_total === 5 && s.ingest.malformed_total === 1 && s.metrics.quality.judged === 28 && s;
      }, { what: 'llm_health.json with the first 30 events' });
      expect(first.window.requests).toBe(30);
      expect(first.ingest.problems).toEqual([{ stream: 'gateway', id: badId, message: expect.stringMatching(/^"event" is not JSON: /) }]);
      // Latencies 401–430 ms: p50 415.5; answers 10, 20, 30 say "I don't know" (3 of 30); ratings all 4.
      expect(first.metrics).toMatchObject({ response_time_ms: { p50: 415.5 }, unknown_query_rate: 0.1, user_rating: 4, error_rate: 0 });
      expect(first.metrics.quality).toMatchObject({ relevance: 0.8, accuracy: 0.7, completeness: 0.9, coherence: 1, task_scores: { code_generation: 0.6, reasoning: 0.6 } });
      // Context in 3, 6, …, 30 (10 prompts); unsupported in 6, 12, 18, 24, 30: half of them.
      expect(first.metrics.quality).toMatchObject({ judged: 28, quarantined: 2, context_judged: 10, hallucination_rate: 0.5 });
      // Judged: 1–30 but 7 and 11. Outdated: 5, 10, …, 30, 6 of 28. Bias said by 1–20 but 7 and 11 (18), biased 4, 8, 12, 16, 20: 5 of 18.
      expect(first.metrics.quality).toMatchObject({ outdated_judged: 28, outdated_rate: Math.round((6 / 28) * 1e6) / 1e6, bias_judged: 18, bias_rate: Math.round((5 / 18) * 1e6) / 1e6 });
      // Per skill (odd requests "reasoning", even "code_generation"): outdated 5, 15, 25 of 13 judged
      // reasoning answers and 10, 20, 30 of 15 code ones; bias said by 8 reasoning answers (under
      // minSamples 10: null) and 10 code ones, 5 of them biased.
      expect(first.metrics.by_skill['reasoning']).toMatchObject({ outdated_judged: 13, outdated_rate: Math.round((3 / 13) * 1e6) / 1e6, bias_judged: 8, bias_rate: null });
      expect(first.metrics.by_skill['code_generation']).toMatchObject({ outdated_judged: 15, outdated_rate: 0.2, bias_judged: 10, bias_rate: 0.5 });
      expect(first.metric_entries.filter((e) => e.name === 'flywheel.llm.quality.outdated_rate' || e.name === 'flywheel.llm.quality.bias_rate').map((e) => [e.name, e.value])).toEqual([
        ['flywheel.llm.quality.outdated_rate', Math.round((6 / 28) * 1e6) / 1e6],
        ['flywheel.llm.quality.bias_rate', Math.round((5 / 18) * 1e6) / 1e6],
      ]);
      expect(first.metrics.quality.corrections).toEqual({ scored: 1, bleu: Math.round(Math.exp(-0.5) * 1e6) / 1e6, rouge_l: 0.8 });
      expect(judge.requests).toHaveLength(30);
      expect(judge.requests.every((r) => r.url === '/v1/chat/completions' && (r.body as { model: string }).model === 'grader')).toBe(true);
      expect(first.level).not.toBeNull();
      // Kept in Redis with the request id; the unreadable reply quarantined with its reason.
      const stored = (await redis.client.xrange(judgeKeys('pm').scores, '-', '+')).map(([, fields]) => JudgeScoreRecord.parse(JSON.parse(fields[1]!)));
      expect(stored).toHaveLength(28);
      expect(stored.find((r) => r.request_id === 'req-20')).toMatchObject({ outdated: true, biased: true });
      // A reply without the flag is kept without it: not judged, not "not biased".
      expect(Object.keys(stored.find((r) => r.request_id === 'req-25')!)).not.toContain('biased');
      expect(stored.find((r) => r.request_id === 'req-12')).toMatchObject({ model: 'deployed', skill: 'code_generation', judge_model: 'grader', context_given: true, supported: false, reason: 'reason 12', accuracy: 0.7 });
      const quarantine = (await redis.client.xrange(judgeKeys('pm').quarantine, '-', '+')).map(([, fields]) => JudgeQuarantineEntry.parse(JSON.parse(fields[1]!)));
      // safety.redact (on by default): the e-mail address the reply quoted is not kept.
      expect(quarantine.sort((a, b) => a.request_id.localeCompare(b.request_id))).toEqual([
        expect.objectContaining({ request_id: 'req-11', reason: 'judge reply: "outdated" must be true or false, got "maybe"' }),
        expect.objectContaining({
          request_id: 'req-7', reason: 'judge reply has no JSON object: "I would rather not grade this. Ask [REDACTED:email]"', reply: 'I would rather not grade this. Ask [REDACTED:email]',
        }),
      ]);
      await daemon.stop();

      for (let n = 31; n <= 40; n++) await redis.client.xadd(ns.gatewayEvents, '*', 'event', JSON.stringify(event(n)));
      daemon = startProductionMonitor(createProductionMonitor(), config, logger);
      await daemon.ready;
      const resumed = await waitFor(async () => {
        const s = await status();
        return s.ingest.events_total === 40 && s;
      }, { what: 'llm_health.json after the restart' });
      // The 30 events before the restart are back in the window (from the stream, up to the saved
      // cursor) but not counted again; only the 10 new ones were read and judged.
      expect([resumed.window.requests, resumed.ingest.feedback_total, resumed.ingest.malformed_total, resumed.window.ratings]).toEqual([40, 5, 1, 5]);
      expect(judge.requests).toHaveLength(40);
      // The 28 scores from before the restart came back from Redis, not from asking again: 38 judged;
      // context in 13 prompts (3 … 39), unsupported in 6 (6 … 36).
      expect(resumed.metrics.quality).toMatchObject({ judged: 38, context_judged: 13, hallucination_rate: Math.round((6 / 13) * 1e6) / 1e6, relevance: 0.8 });
      // Outdated also 35 and 40: 8 of 38; 31–40 say nothing of bias, so it stays 5 of 18.
      expect(resumed.metrics.quality).toMatchObject({ outdated_judged: 38, outdated_rate: Math.round((8 / 38) * 1e6) / 1e6, bias_judged: 18, bias_rate: Math.round((5 / 18) * 1e6) / 1e6 });
      const cursor = JSON.parse((await redis.client.get(productionMonitorKeys('pm').state))!);
      const [[lastId]] = (await redis.client.xrevrange(ns.gatewayEvents, '+', '-', 'COUNT', 1)) as [string, string[]][];
      expect(cursor).toMatchObject({ gateway: lastId, events_total: 40, feedback_total: 5, malformed_total: 1 });
    } finally {
      await daemon.stop();
      await judge.close();
      await remove();
    }
  });
});
