import { EvaluationResult, GatewayEvent, redisNamespace, type RecordedAlert, type StatusId } from '@flywheel/contracts';
import { redactPii } from '@flywheel/response-safety';
import type { StatusStore } from '@flywheel/status-store';
import type { Redis } from 'ioredis';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { StreamEntry } from './alert-store.js';
import type { Evidence } from './prompt.js';

export interface EvidenceOptions {
  statusStore: StatusStore;
  redis: Redis | null;
  run: string;
  trafficSamples: number;
  failedExamples: number;
  excerptChars: number;
  /** Replace PII and secrets in quoted traffic by `[REDACTED:<kind>]` (config `safety.redact`): the prompt is stored, streamed and may become training data. */
  redact: boolean;
}

function jsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const cut = (text: string, chars: number) => (text.length > chars ? `${text.slice(0, chars)}…` : text);

/** The fields of a status that bear on an alert (the whole file would drown the prompt). */
function pick(id: StatusId, body: Record<string, unknown>): unknown {
  const { last_update, schema_version: _v, ...rest } = body;
  if (id === 'llm_health') {
    const drift = rest['drift'] as { detected: boolean; tests: { flagged: boolean }[] } | undefined;
    const metrics = rest['metrics'] as Record<string, unknown> | undefined;
    return {
      last_update, level: rest['level'], health_score: rest['health_score'], grade: rest['grade'], window: rest['window'], breaches: rest['breaches'],
      recommendation: rest['recommendation'],
      metrics: metrics && { response_time_ms: metrics['response_time_ms'], error_rate: metrics['error_rate'], user_rating: metrics['user_rating'], correction_frequency: metrics['correction_frequency'], unknown_query_rate: metrics['unknown_query_rate'] },
      drift: drift && { detected: drift.detected, flagged: drift.tests.filter((t) => t.flagged) },
    };
  }
  if (id === 'adversarial') return { last_update, checkpoint: rest['checkpoint'], examples_tested: rest['examples_tested'], failures_found: rest['failures_found'], patterns: rest['patterns'] };
  return { last_update, ...rest };
}

const SOURCE_STATUS: Record<string, StatusId> = { 'regression_monitoring.json': 'regression', 'llm_health.json': 'llm_health', 'last_deployment.json': 'deployment' };

/** The evaluator's newest result for `checkpoint` in `<statusDir>/evals/<checkpoint>/`, or null. */
async function newestEvaluation(statusDir: string, checkpoint: string): Promise<EvaluationResult | null> {
  const dir = path.join(statusDir, 'evals', checkpoint);
  // Checkpoint names come from status files: keep the path inside the evals folder.
  if (path.relative(path.join(statusDir, 'evals'), dir).startsWith('..') || checkpoint.includes('/')) return null;
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  } catch {
    return null;
  }
  let newest: EvaluationResult | null = null;
  for (const name of names) {
    const parsed = EvaluationResult.safeParse(jsonOrNull(await readFile(path.join(dir, name), 'utf8').catch(() => 'null')));
    if (parsed.success && (!newest || parsed.data.evaluatedAt > newest.evaluatedAt)) newest = parsed.data;
  }
  return newest;
}

/**
 * Gathers the evidence of an analysis: the status files the alerts come from (and the
 * testing and mining statuses when a checkpoint is involved), the validation examples the
 * flagged checkpoints got wrong, and the latest production requests. What cannot be read is
 * named in `missing` rather than failing the analysis.
 */
export async function gatherEvidence(alerts: readonly RecordedAlert[], options: EvidenceOptions): Promise<Evidence> {
  const evidence: Evidence = { statuses: {}, failedExamples: [], traffic: [], missing: [] };
  const ids = new Set<StatusId>();
  for (const alert of alerts) {
    const id = SOURCE_STATUS[alert.source];
    if (id) ids.add(id);
  }
  const checkpoints = [...new Set(alerts.filter((a) => a.kind === 'regression' || a.kind.startsWith('deployment')).map((a) => a.subject).filter((s): s is string => !!s))];
  if (checkpoints.length > 0) {
    ids.add('testing');
    ids.add('adversarial');
  }
  for (const id of ids) {
    const read = await options.statusStore.read(id);
    if (read.state === 'present') evidence.statuses[path.basename(options.statusStore.fileOf(id))] = pick(id, read.data as Record<string, unknown>);
    else evidence.missing.push(`${path.basename(options.statusStore.fileOf(id))} (${read.state === 'error' ? read.error : 'not written yet'})`);
  }
  for (const checkpoint of checkpoints) {
    if (evidence.failedExamples.length >= options.failedExamples) break;
    const result = await newestEvaluation(options.statusStore.statusDir, checkpoint);
    if (!result) {
      evidence.missing.push(`evaluation records of ${checkpoint}`);
      continue;
    }
    for (const record of result.records.filter((r) => !r.correct).slice(0, options.failedExamples - evidence.failedExamples.length)) {
      evidence.failedExamples.push({ checkpoint, exampleId: record.exampleId, skill: record.skill, difficulty: record.difficulty, prediction: cut(record.prediction, options.excerptChars) });
    }
  }
  if (options.trafficSamples > 0) {
    if (!options.redis) evidence.missing.push('recent traffic (no Redis)');
    else {
      const entries = (await options.redis.xrevrange(redisNamespace(options.run).gatewayEvents, '+', '-', 'COUNT', options.trafficSamples)) as StreamEntry[];
      for (const [, fields] of entries) {
        const index = fields.findIndex((v, i) => i % 2 === 0 && v === 'event');
        const parsed = index >= 0 ? GatewayEvent.safeParse(jsonOrNull(fields[index + 1] ?? 'null')) : null;
        if (!parsed?.success) continue;
        const e = parsed.data;
        // Redacted before cutting, so a cut cannot split a card number into an unrecognisable rest.
        const clean = (text: string) => cut(options.redact ? redactPii(text) : text, options.excerptChars);
        evidence.traffic.push({ at: e.at, model: e.model, outcome: e.outcome, latency_ms: e.latency_ms, skill: e.skill, prompt: clean(e.prompt), output: clean(e.output), error: e.error === null ? null : clean(e.error) });
      }
      if (entries.length === 0) evidence.missing.push('recent traffic (no gateway requests recorded)');
    }
  }
  return evidence;
}
