import { loadConfig, type FlywheelConfig, type MonitorConfig } from '@flywheel/config';
import type { CostFigures, SafetyFigures, StatusBody } from '@flywheel/contracts';
import { createStatusStore, type StatusStore } from '@flywheel/status-store';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { pino } from 'pino';

/** The production monitor's recorded traffic: 50 minutes from T0 degrading in phases (see its generator). */
export const DEGRADING_TRAFFIC = fileURLToPath(new URL('../../production-monitor/fixtures/degrading-traffic.jsonl', import.meta.url));
export const T0 = Date.parse('2026-11-20T10:00:00.000Z');
export const END = new Date(T0 + 50 * 60_000);

export function defaultMonitor(): MonitorConfig {
  return structuredClone(loadConfig({ argv: [], env: {}, cwd: '/' }).monitor);
}

/** Safety and cost settings: the defaults, with the fixture's model "deployed" priced at 1 and 2 per million prompt and completion tokens. */
export function pricedSafetyCost(): Pick<FlywheelConfig, 'safety' | 'cost'> {
  const config = loadConfig({ argv: [], env: {}, cwd: '/' });
  return { safety: config.safety, cost: { ...config.cost, prices: [{ model: 'deployed', per_million_prompt_tokens: 1, per_million_completion_tokens: 2 }] } };
}

/** checkpoint-1200's logged training losses, falling at every step. */
export const TRAINER_LOSSES = [1.0, 0.9, 0.8, 0.7, 0.6, 0.55, 0.5, 0.45];

export const SAFETY: SafetyFigures = {
  responses_scanned: 470,
  pii: { responses_with_pii: 3, rate: 0.006383, by_kind: { email: 2, phone: 1, card: 0, iban: 0, ip_address: 0, secret: 1 }, redacted_in_logs_and_exports: true },
  toxicity: { rate: 0.002128, flagged: 1, scored: 470, scorer: 'obscenity' },
  refusal: { rate: null, flagged: 0, scored: 0, scorer: null },
};

export const COST: CostFigures = {
  currency: 'USD', requests: 500, prompt_tokens: 21_250, completion_tokens: 58_750, total_cost: 0.08, cost_per_query: 0.00016,
  by_model: { deployed: { requests: 500, prompt_tokens: 21_250, completion_tokens: 58_750, pricing: 'per_million_tokens', cost: 0.08, cost_per_query: 0.00016 } },
  gpu_utilization_percent: 71.5, gpu_source: 'nvidia-smi',
};

/**
 * A base folder whose status files say what the spec's hand-worked figures assume: training
 * loss 0.5 (step 50 of 100), a 10 % regression against 15 %/25 % thresholds, accuracy 0.8, the
 * best checkpoint's eval loss 0.4, four failure patterns, three deployments (one rolled back,
 * one before the window), checkpoints/checkpoint-1200/trainer_state.json with TRAINER_LOSSES, and llm_health.json of 10:50 (host memory 50 %, CPU 90 %) with
 * safety and cost figures.
 */
export async function writeReportStatuses(baseDir: string, options: { withHealth?: boolean } = {}): Promise<StatusStore> {
  const statusDir = path.join(baseDir, 'status');
  await mkdir(statusDir, { recursive: true });
  const store = createStatusStore({ statusDir, run: 'default', logger: pino({ level: 'silent' }), now: () => END });
  await store.write('training', { status: 'training', current_step: 50, total_steps: 100, loss: 0.5, learning_rate: 0.0001, epoch: 1 });
  await store.write('regression', {
    regression_detected: false, checkpoint: 'checkpoint-1200', baseline_loss: 0.4, current_loss: 0.44, increase_percent: 10, alert_level: 'none',
    baseline_checkpoint: 'checkpoint-1100', threshold_percent: 15, critical_percent: 25,
    evidence: {
      checkpoints: [
        { checkpoint: 'checkpoint-1100', step: 1100, loss: 0.4, source: 'trainer_state', examples: null },
        { checkpoint: 'checkpoint-1200', step: 1200, loss: 0.44, source: 'trainer_state', examples: null },
      ],
      method: 'threshold_only', examples: null, interval_percent: null, p_value: null, reason: 'checkpoint-1200 vs checkpoint-1100: +10.0%, under the 15% threshold',
    },
    errors: [],
  });
  await store.write('testing', { checkpoint: 'checkpoint-1200', overall_accuracy: 0.8, by_difficulty: { easy: 0.9, medium: 0.8, hard: 0.7 }, regression_detected: false, baseline: 'checkpoint-1100' });
  await store.write('model_comparison', {
    rankings: [
      { checkpoint: 'checkpoint-1100', score: 0.7, accuracy: 0.78, loss: 0.45, ece: 0.05 },
      { checkpoint: 'checkpoint-1200', score: 0.72, accuracy: 0.8, loss: 0.4, ece: 0.04 },
    ],
    best_checkpoint: 'checkpoint-1200',
  });
  await store.write('adversarial', {
    checkpoint: 'checkpoint-1200', examples_tested: 200, failures_found: 31, hard_examples_written: 31, output_file: null,
    patterns: { 'code_generation/hard': 14, 'reasoning/medium': 9, 'factual/hard': 6, 'creative/easy': 2 },
  });
  const deployment = (at: string, checkpoint: string, success: boolean, rolledBack: boolean, serving: string) => ({
    checkpoint, deployed_at: at, score: 0.7, success, previous: 'checkpoint-1000', serving, rolled_back: rolledBack, gates: [], health: null, rollback_health: null,
    reason: rolledBack ? `${checkpoint} failed its smoke test; rolled back to checkpoint-1000` : 'deployed',
  });
  const log = [
    deployment('2026-11-20T09:00:00.000Z', 'checkpoint-1000', true, false, 'checkpoint-1000'),
    deployment('2026-11-20T10:15:00.000Z', 'checkpoint-1100', false, true, 'checkpoint-1000'),
    deployment('2026-11-20T10:35:00.000Z', 'checkpoint-1200', true, false, 'checkpoint-1200'),
  ];
  await appendFile(path.join(statusDir, 'deployments.jsonl'), log.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const { gates: _g, health: _h, rollback_health: _r, ...last } = log[2]!;
  await store.write('deployment', last);
  if (options.withHealth !== false) await store.write('llm_health', healthBody());
  const checkpoint = path.join(baseDir, 'checkpoints', 'checkpoint-1200');
  await mkdir(checkpoint, { recursive: true });
  const log_history = TRAINER_LOSSES.map((loss, i) => ({ step: 150 * (i + 1), loss, learning_rate: 0.0001, epoch: i / 8 }));
  await writeFile(path.join(checkpoint, 'trainer_state.json'), JSON.stringify({ global_step: 1200, log_history }));
  return store;
}

const percentiles = { p50: null, p95: null, p99: null, mean: null };
const threshold = (direction: 'below' | 'above', attention: number, warning: number, critical: number) => ({ direction, attention, warning, critical });

/**
 * llm_health.json as the live monitor wrote it at 10:50 (its P4 window: CRITICAL, urgency
 * 0.875) with only what the report reads filled in: host, recommendation, safety, cost.
 */
function healthBody(): StatusBody<'llm_health'> {
  const start = '2026-11-20T10:40:00.000Z';
  const end = END.toISOString();
  return {
    level: 'CRITICAL', health_score: 0.175, grade: 'F',
    window: { seconds: 600, start, end, requests: 100, ratings: 20 },
    metrics: {
      response_time_ms: percentiles, time_to_first_token_ms: percentiles, tokens_per_second: percentiles,
      error_rate: 0.15, user_rating: 1.8, correction_frequency: 0.6, clarification_rate: 0.01, unknown_query_rate: 0.176471,
      quality: { judged: 0, judge_errors: 0, relevance: null, accuracy: null, completeness: null, coherence: null, task_scores: {} },
      host: { memory_used_bytes: 1, memory_total_bytes: 2, memory_percent: 50, cpu_percent: 90, load_average_1m: 0, monitor_rss_bytes: 1 },
      by_skill: {},
    },
    metric_entries: [],
    thresholds: { relevance: threshold('below', 0.7, 0.5, 0.3), accuracy: threshold('below', 0.8, 0.6, 0.4), response_time: threshold('above', 3, 5, 10), user_rating: threshold('below', 4, 3, 2), correction_frequency: threshold('above', 0.2, 0.3, 0.5) },
    breaches: [],
    recommendation: { action: 'fine_tune', confidence: 1, urgency: 0.875, driver: 'response_time', method: 'Text-to-LoRA', improvement_areas: ['reduce response time'], weak_skills: [], reason: 'CRITICAL: response_time 15 (critical past 10)' },
    drift: { detected: false, reference: { seconds: 3600, start: '2026-11-20T09:40:00.000Z', end: start, requests: 300 }, tests: [] },
    fine_tune: { triggered: false, reason: 'cooldown', last_triggered_at: null, cooldown_seconds: 3600, cooldown_remaining_seconds: 0, auto_fine_tune: false, last: null },
    ingest: { events_total: 500, feedback_total: 100, malformed_total: 0, last_event_id: null, last_feedback_id: null, problems: [] },
    errors: [],
    safety: SAFETY,
    cost: COST,
  };
}
