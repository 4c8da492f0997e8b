import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@flywheel/config';
import { LlmHealthStatus, productionMonitorKeys, redisNamespace, type FeedbackRecord, type GatewayEvent } from '@flywheel/contracts';
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
    prompt: `question ${n}`, output: n % 10 === 0 ? "Sorry, I don't know." : `answer ${n}`, skill: n % 2 ? 'reasoning' : 'code_generation',
  };
}

function rating(n: number): FeedbackRecord {
  return { request_id: `req-${n}`, rating: 'good', score: 4, at: new Date().toISOString(), model: 'deployed', prompt: `question ${n}`, original_completion: `answer ${n}`, skill: 'reasoning' };
}

describe('production-monitor daemon on a private Redis', () => {
  it('consumes the streams as events arrive, judges a sample, writes llm_health.json, and resumes after a restart without double counting', async () => {
    const { dir, remove } = await tempDir('production-monitor');
    const judge = await startJsonServer(() => ({
      body: { choices: [{ message: { content: '{"relevance": 0.8, "accuracy": 0.7, "completeness": 0.9, "coherence": 1, "task_score": 0.6}' } }] },
    }));
    const config = loadConfig({
      argv: ['--base-dir', dir, '--redis-url', redis.server.url, '--run', 'pm', '--interval', '3600', '--set', 'heartbeatSeconds=0.5',
        '--backend-url', judge.url, '--backend-profile', 'openai', '--model', 'judge', '--set', 'monitor.judge.samplingRate=1', '--set', 'monitor.judge.maxPerPass=100'],
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
        return s.ingest.events_total === 30 && s.ingest.feedback_total === 5 && s.ingest.malformed_total === 1 && s.metrics.quality.judged === 30 && s;
      }, { what: 'llm_health.json with the first 30 events' });
      expect(first.window.requests).toBe(30);
      expect(first.ingest.problems).toEqual([{ stream: 'gateway', id: badId, message: expect.stringMatching(/^"event" is not JSON: /) }]);
      // Latencies 401–430 ms: p50 415.5; answers 10, 20, 30 say "I don't know" (3 of 30); ratings all 4.
      expect(first.metrics).toMatchObject({ response_time_ms: { p50: 415.5 }, unknown_query_rate: 0.1, user_rating: 4, error_rate: 0 });
      expect(first.metrics.quality).toMatchObject({ relevance: 0.8, accuracy: 0.7, completeness: 0.9, coherence: 1, task_scores: { code_generation: 0.6, reasoning: 0.6 } });
      expect(judge.requests).toHaveLength(30);
      expect(first.level).not.toBeNull();
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
