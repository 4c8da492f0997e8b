import { alertAnalystKeys, PendingAnalysis, type AlertAnalysisRecord } from '@flywheel/contracts';
import { firstServedModel } from '@flywheel/model-backend';
import type { Rotation, StatusStore } from '@flywheel/status-store';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { appendAnalysis } from './analyses-file.js';
import { publishAnalysisEvent } from './analysis-events.js';
import type { AnalysisSettings } from './analysis-settings.js';
import { streamChat } from './chat-stream-client.js';
import { gatherEvidence, type EvidenceOptions } from './evidence.js';
import { analysisMessages, analysisPrompt } from './prompt.js';
import { retryDelayMs } from './routing.js';

export interface AnalysisDeps {
  redis: Redis;
  run: string;
  statusStore: StatusStore;
  settings: AnalysisSettings;
  evidence: Pick<EvidenceOptions, 'trafficSamples' | 'failedExamples' | 'excerptChars' | 'redact'>;
  logger: Logger;
  now?: () => Date;
  /** How `alert_analyses.jsonl` is rotated (config `retention.jsonl*`). @defaultValue the config defaults */
  jsonlRotation?: Rotation;
}

/**
 * One try of a pending analysis: gathers the evidence, asks the model with `stream: true`,
 * and adds `analysis.start`, each `token` and `analysis.end` to the analysis events stream as
 * they happen. The record is appended to `alert_analyses.jsonl` before `analysis.end` is
 * published, so a client that saw the end finds the record. When the backend fails the
 * analysis stays pending with its next try pushed back (doubling); nothing is dropped.
 */
export async function runAnalysis(pending: PendingAnalysis, deps: AnalysisDeps): Promise<AlertAnalysisRecord> {
  const now = deps.now ?? (() => new Date());
  const { settings, redis, run, logger } = deps;
  const keys = alertAnalystKeys(run);
  const attempt = pending.attempts + 1;
  const started = now();
  const evidence = await gatherEvidence(pending.alerts, { statusStore: deps.statusStore, redis, run, ...deps.evidence });
  const prompt = analysisPrompt(pending.alerts, evidence);
  const messages = analysisMessages(prompt);
  let model = settings.model ?? '(unresolved)';
  let answer = '';
  let tokens = 0;
  let firstTokenMs: number | null = null;
  let error: string | null = null;
  try {
    if (!settings.model) {
      model = await firstServedModel({ baseUrl: settings.baseUrl, apiKey: settings.apiKey, timeoutMs: settings.idleTimeoutMs, retries: 0 }).catch((cause: unknown) => {
        throw new Error(`model server unavailable: ${(cause as Error).message}`);
      });
    }
  } catch (cause) {
    error = (cause as Error).message;
  }
  await publishAnalysisEvent(redis, run, {
    kind: 'analysis.start', analysis_id: pending.analysis_id, alerts: pending.alerts.map((a) => a.id), model, at: started.toISOString(), attempt,
  }, settings.eventsMaxLength);
  if (error === null) {
    try {
      await streamChat({ ...settings, model, messages, apiKey: settings.apiKey }, async (text) => {
        firstTokenMs ??= now().getTime() - started.getTime();
        answer += text;
        await publishAnalysisEvent(redis, run, { kind: 'token', analysis_id: pending.analysis_id, text, index: tokens }, settings.eventsMaxLength);
        tokens += 1;
      });
    } catch (cause) {
      error = (cause as Error).message;
    }
  }
  const ended = now();
  const status = error === null ? 'complete' : 'unavailable';
  const record: AlertAnalysisRecord = {
    analysis_id: pending.analysis_id, status, alerts: pending.alerts, model, base_url: settings.baseUrl, messages, prompt, answer, error, attempt,
    timings: { first_alert_at: pending.alerts[0]!.at, started_at: started.toISOString(), first_token_ms: firstTokenMs, total_ms: ended.getTime() - started.getTime() },
    tokens,
  };
  await appendAnalysis(deps.statusStore.statusDir, record, deps.jsonlRotation);
  if (status === 'complete') {
    await redis.multi().hdel(keys.pending, pending.analysis_id).hincrby(keys.counts, 'analyses_complete', 1).exec();
    await publishAnalysisEvent(redis, run, { kind: 'analysis.end', analysis_id: pending.analysis_id, status }, settings.eventsMaxLength);
    logger.info({ analysis_id: pending.analysis_id, model, tokens, attempt }, 'analysis complete');
  } else {
    const retryAt = new Date(ended.getTime() + retryDelayMs(attempt, settings.retryBaseSeconds, settings.retryMaxSeconds)).toISOString();
    const next: PendingAnalysis = { ...pending, attempts: attempt, next_attempt_at: retryAt, last_error: error };
    await redis.multi().hset(keys.pending, pending.analysis_id, JSON.stringify(next)).hincrby(keys.counts, 'analyses_unavailable', 1).exec();
    await publishAnalysisEvent(redis, run, { kind: 'analysis.end', analysis_id: pending.analysis_id, status, error: error!, retry_at: retryAt }, settings.eventsMaxLength);
    logger.warn({ analysis_id: pending.analysis_id, attempt, retry_at: retryAt, err: error }, 'analysis unavailable: retried later');
  }
  return record;
}
