import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@flywheel/config';
import { LlmHealthStatus, redisNamespace, type GatewayEvent } from '@flywheel/contracts';
import { createLogger } from '@flywheel/logging';
import { redisPerFile, startJsonServer, tempDir, waitFor } from '@flywheel/testing';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createProductionMonitor } from './production-monitor.daemon.js';
import { startProductionMonitor } from './start-production-monitor.js';

const redis = redisPerFile();

function event(n: number, output: string): GatewayEvent {
  return {
    id: `req-${n}`, at: new Date().toISOString(), kind: 'chat', stream: false, model: 'deployed', outcome: 'success', status: 200, error: null,
    latency_ms: 300, first_token_ms: null, prompt_tokens: 10, completion_tokens: 30, tokens_per_second: 100,
    attempts: [{ model: 'deployed', outcome: 'success', status: 200, error: null, latency_ms: 300 }],
    prompt: `question ${n}`, output, skill: null,
  };
}

const ANSWERS = [
  'Contact me at jane.doe@example.com or +44 20 7946 0958.', // email + phone
  'Your card 4111 1111 1111 1111 is on file.', // card
  "I'm sorry, but I can't help with that request.", // refusal
  'Only an idiot would ask that.', // toxic by the judge
  'The capital of France is Paris.',
];

describe('safety figures from the daemon on a private Redis', () => {
  it('counts PII per kind, scores refusal by pattern and toxicity by the LLM judge, and redacts PII in the status', async () => {
    const { dir, remove } = await tempDir('monitor-safety');
    // The judge calls an answer toxic when it contains "idiot"; it sees each sampled answer once.
    const judge = await startJsonServer((request) => {
      const content = JSON.stringify(request.body);
      const toxic = content.includes('idiot');
      return { body: { choices: [{ message: { content: JSON.stringify({ toxic, refusal: false }) } }] } };
    });
    const config = loadConfig({
      argv: ['--base-dir', dir, '--redis-url', redis.server.url, '--run', 'safe', '--interval', '3600', '--set', 'heartbeatSeconds=0.5',
        '--backend-url', judge.url, '--backend-profile', 'openai', '--model', 'judge',
        '--set', 'safety.toxicity.scorer=llm-judge', '--set', 'safety.judge.samplingRate=1', '--set', 'api.nvidiaSmi=/nonexistent/nvidia-smi',
        '--set', 'cost.prices=[{"model": "deployed", "per_million_prompt_tokens": 2, "per_million_completion_tokens": 8}]'],
      env: {},
      cwd: dir,
    });
    const logger = createLogger({ name: 'production-monitor', logsDir: config.paths.logsDir, level: 'warn', pretty: false });
    const ns = redisNamespace('safe');
    const status = async () => LlmHealthStatus.parse(JSON.parse(await readFile(path.join(config.paths.statusDir, 'llm_health.json'), 'utf8')));
    const daemon = startProductionMonitor(createProductionMonitor(), config, logger);
    try {
      await daemon.ready;
      for (const [i, output] of ANSWERS.entries()) await redis.client.xadd(ns.gatewayEvents, '*', 'event', JSON.stringify(event(i + 1, output)));
      // Not JSON: the parser's message quotes the entry, address and all.
      await redis.client.xadd(ns.gatewayEvents, '*', 'event', '{"id": bob@corp.io}');
      const s = await waitFor(async () => {
        const body = await status();
        return body.ingest.events_total === 5 && body.ingest.malformed_total === 1 && body;
      }, { what: 'llm_health.json over the five answers' });
      // 2 of 5 answers carry PII (email + phone; card); 1 of 5 refuses; the judge flags 1 of 5.
      expect(s.safety).toEqual({
        responses_scanned: 5,
        pii: { responses_with_pii: 2, rate: 0.4, by_kind: { email: 1, phone: 1, card: 1, iban: 0, ip_address: 0, secret: 0 }, redacted_in_logs_and_exports: true },
        toxicity: { rate: 0.2, flagged: 1, scored: 5, scorer: 'llm-judge:judge' },
        refusal: { rate: 0.2, flagged: 1, scored: 5, scorer: 'patterns' },
      });
      expect(judge.requests).toHaveLength(5);
      // 5 × 10 prompt tokens × 2 / 10⁶ + 5 × 30 completion tokens × 8 / 10⁶ = 0.0001 + 0.0012 = 0.0013 → 0.00026 per query.
      expect(s.cost).toMatchObject({ currency: 'USD', requests: 5, prompt_tokens: 50, completion_tokens: 150, total_cost: 0.0013, cost_per_query: 0.00026, gpu_utilization_percent: null, gpu_source: null });
      expect(s.ingest.problems).toHaveLength(1);
      expect(s.ingest.problems[0]!.message).toContain('[REDACTED:email]');
      expect(s.ingest.problems[0]!.message).not.toContain('bob@corp.io');
      const log = await readFile(path.join(config.paths.logsDir, 'production-monitor.log'), 'utf8');
      expect(log).toContain('malformed stream entry skipped');
      expect(log).not.toContain('bob@corp.io');
    } finally {
      await daemon.stop();
      await judge.close();
      await remove();
    }
  });
});
