import { describe, expect, it } from '@jest/globals';
import { redisNamespace, type EvalRecord, type EvaluationResult, type GatewayEvent, type RecordedAlert } from '@flywheel/contracts';
import { createStatusStore, writeFileAtomic } from '@flywheel/status-store';
import { redisPerFile, tempDir } from '@flywheel/testing';
import path from 'node:path';
import { pino } from 'pino';
import { gatherEvidence } from './evidence.js';

const redis = redisPerFile();
const logger = pino({ level: 'silent' });

const evalRecord = (exampleId: string, correct: boolean, prediction: string): EvalRecord => ({
  exampleId, difficulty: 'hard', skill: 'math', prediction, correct, think: { present: false, closed: false, length: 0 }, confidence: 0.5,
  golden: { unsupported: 'none' }, outputTokens: 3, latencyMs: 5, backend: 'vllm:test', cacheKey: `k-${exampleId}`,
});

function result(records: EvalRecord[], evaluatedAt: string): EvaluationResult {
  return {
    checkpoint: 'checkpoint-400', checkpointId: 'id', exampleSet: 'validation', exampleSetId: 'set', params: { maxTokens: 256, temperature: 0, stop: [] }, backend: 'vllm:test',
    summary: { examples: records.length, correct: 0, accuracy: null, meanConfidence: null, goldenLoss: null, goldenTokens: 0, unsupported: {}, skippedLines: 0, cachedRecords: 0 },
    problems: [], records, evaluatedAt,
  };
}

const event = (n: number, output: string): GatewayEvent => ({
  id: `req-${n}`, at: `2026-11-25T11:5${n}:00.000Z`, kind: 'chat', stream: false, model: 'deployed', outcome: 'success', status: 200, error: null,
  latency_ms: 100 * n, first_token_ms: null, prompt_tokens: 3, completion_tokens: 3, tokens_per_second: 30,
  attempts: [{ model: 'deployed', outcome: 'success', status: 200, error: null, latency_ms: 100 * n }], prompt: `question ${n}`, output, skill: null,
});

describe('evidence of an analysis', () => {
  it('gathers the statuses involved, the flagged checkpoint’s wrong answers from its newest evaluation, and the latest traffic; names what is missing', async () => {
    const { dir, remove } = await tempDir('alert-evidence');
    try {
      const statusStore = createStatusStore({ statusDir: dir, run: 'ev', redis: redis.client, logger });
      await statusStore.write('regression', {
        regression_detected: true, checkpoint: 'checkpoint-400', baseline_loss: 1, current_loss: 1.3, increase_percent: 30, alert_level: 'critical',
        baseline_checkpoint: 'checkpoint-300', threshold_percent: 15, critical_percent: 25,
        evidence: { checkpoints: [], method: 'threshold_only', examples: null, interval_percent: null, p_value: null, reason: 'loss up 30%' }, errors: [],
      });
      const evals = path.join(dir, 'evals', 'checkpoint-400');
      await writeFileAtomic(path.join(evals, 'old.json'), JSON.stringify(result([evalRecord('m-9', false, 'stale')], '2026-11-25T10:00:00.000Z')));
      await writeFileAtomic(path.join(evals, 'new.json'), JSON.stringify(result(
        [evalRecord('m-1', false, 'x'.repeat(50)), evalRecord('m-2', true, '4'), evalRecord('m-3', false, '17'), evalRecord('m-4', false, '0')], '2026-11-25T11:00:00.000Z')));
      const ns = redisNamespace('ev');
      await redis.client.xadd(ns.gatewayEvents, '*', 'event', JSON.stringify(event(1, 'first answer')));
      await redis.client.xadd(ns.gatewayEvents, '*', 'event', '{"torn');
      await redis.client.xadd(ns.gatewayEvents, '*', 'event', JSON.stringify(event(2, 'second answer')));
      await redis.client.xadd(ns.gatewayEvents, '*', 'event', JSON.stringify(event(3, 'mail ann@example.com')));
      const alert: RecordedAlert = { id: '1-0', kind: 'regression', severity: 'P1', at: '2026-11-25T12:00:00.000Z', source: 'regression_monitoring.json', subject: 'checkpoint-400', summary: 's', details: {} };

      const evidence = await gatherEvidence([alert], { statusStore, redis: redis.client, run: 'ev', trafficSamples: 3, failedExamples: 2, excerptChars: 40, redact: true });
      expect(Object.keys(evidence.statuses)).toEqual(['regression_monitoring.json']);
      expect(evidence.statuses['regression_monitoring.json']).toMatchObject({ checkpoint: 'checkpoint-400', increase_percent: 30 });
      // The newest evaluation, the first two wrong answers, cut to 40 characters.
      expect(evidence.failedExamples).toEqual([
        { checkpoint: 'checkpoint-400', exampleId: 'm-1', skill: 'math', difficulty: 'hard', prediction: `${'x'.repeat(40)}…` },
        { checkpoint: 'checkpoint-400', exampleId: 'm-3', skill: 'math', difficulty: 'hard', prediction: '17' },
      ]);
      // The last three entries, newest first; the torn one is skipped; the e-mail address redacted.
      expect(evidence.traffic.map((t) => t.output)).toEqual(['mail [REDACTED:email]', 'second answer']);
      expect(evidence.missing).toEqual(['automated_testing.json (not written yet)', 'adversarial_mining.json (not written yet)']);
    } finally {
      await remove();
    }
  });
});
