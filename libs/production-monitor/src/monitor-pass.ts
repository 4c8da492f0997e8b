import type { ManualFineTuneRequest, StatusBody, StatusIssue } from '@flywheel/contracts';
import type { CostConfig, MonitorConfig } from '@flywheel/config';
import type { Logger } from 'pino';
import { accuracyDropPass, accuracyDropRules, withAccuracyDrop } from './accuracy-drop.js';
import { readChampionSkillAccuracy } from './champion-skill-accuracy.js';
import { detectDrift } from './drift.js';
import { buildFineTuneBrief } from './fine-tune-brief.js';
import { decideTrigger } from './fine-tune-trigger.js';
import { gateJudgeFlags } from './judge-flags.js';
import { judgeWindow } from './judge-window.js';
import type { HostUsage } from './host-usage.js';
import { runConfiguredCommand, runManualFineTunes } from './manual-fine-tune.js';
import { metricEntries } from './metric-entries.js';
import type { MonitorState } from './monitor-state.js';
import { round } from './recommendation.js';
import { writeSkillFocus } from './skill-focus.js';
import { windowTrends } from './trends.js';
import { windowMetrics } from './window-metrics.js';
import { windowCostFigures, windowSafety, type GpuFigure } from './window-safety-cost.js';

export type LlmHealthBody = StatusBody<'llm_health'>;

export interface PassContext {
  nowMs: number;
  monitor: MonitorConfig;
  /** Where skill_focus.json goes. */
  statusDir: string;
  /** Working directory of the fine-tune command, and its {base_dir}. */
  baseDir: string;
  run: string;
  host: HostUsage;
  /** Whether logs and exports redact PII (`safety.redact`), as the status reports it. */
  redact: boolean;
  /** Prices for the cost figures (`cost.*`). */
  cost: CostConfig;
  /** GPU utilisation (the API's `/api/gpu` source); null when not read. */
  gpu: GpuFigure | null;
  /** Manual "fine-tune now" requests read since the last pass, oldest first. */
  manualRequests: readonly ManualFineTuneRequest[];
  /** PII redaction for the fine-tune brief's quoted texts (applied whatever `safety.redact` says). */
  redactText?: (text: string) => string;
  /** Problems met before the evaluation (Redis, judge), reported in the status. */
  errors: StatusIssue[];
  logger?: Logger;
}

const iso = (ms: number) => new Date(ms).toISOString();
const roundOrNull = (v: number | null) => (v === null ? null : round(v));
const roundAll = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, roundOrNull(v)])) as T;

/**
 * One evaluation of the windows at `nowMs`: metrics, levels, recommendation, drift, and the
 * fine-tune trigger with its effects (skill focus file; the command when `autoFineTune` is on).
 * Resolves to the body of `llm_health.json`.
 */
export async function runMonitorPass(state: MonitorState, context: PassContext): Promise<LlmHealthBody> {
  const { nowMs, monitor } = context;
  const windowMs = monitor.windowSeconds * 1000;
  const referenceMs = monitor.referenceSeconds * 1000;
  state.requests.dropBefore(nowMs - windowMs - referenceMs);
  state.ratings.dropBefore(nowMs - windowMs - referenceMs);
  const current = state.requests.between(nowMs - windowMs, nowMs);
  const ratings = state.ratings.between(nowMs - windowMs, nowMs);
  const reference = state.requests.between(nowMs - windowMs - referenceMs, nowMs - windowMs);

  const measured = windowMetrics(current, ratings, monitor.windowSeconds);
  const metrics = {
    ...measured,
    quality: gateJudgeFlags(measured.quality, monitor.minSamples),
    by_skill: Object.fromEntries(Object.entries(measured.by_skill).map(([skill, s]) => [skill, gateJudgeFlags(s, monitor.minSamples)])),
  };
  const judged = judgeWindow(metrics, monitor);
  const { table, health } = judged;
  const referenceRatings = state.ratings.between(nowMs - windowMs - referenceMs, nowMs - windowMs);
  const drop = accuracyDropPass(state.accuracyDrop, { requests: reference, ratings: referenceRatings }, { requests: current, ratings }, accuracyDropRules(monitor), nowMs, windowMs);
  const recommendation = withAccuracyDrop(judged.recommendation, drop.drop, monitor);
  const drift = detectDrift(current, reference, monitor.drift);

  // The dashboard's switch, when set, overrides the config.
  const autoFineTune = state.control ? state.control.auto_fine_tune : monitor.autoFineTune;
  const commandContext = { monitor, baseDir: context.baseDir, run: context.run, errors: context.errors, logger: context.logger };
  const brief = async (weakSkills: string[]) =>
    buildFineTuneBrief({
      weakSkills, requests: current, ratings, corrections: state.corrections, champion: await readChampionSkillAccuracy(context.statusDir),
      redact: context.redactText ?? ((text) => text),
    });
  const decision = decideTrigger({ level: health.level, confidence: recommendation.confidence, urgency: recommendation.urgency }, state.lastTriggeredAtMs, nowMs, monitor.trigger, drop.fresh ? drop.drop : null);
  if (decision.fire && health.level !== null) {
    state.lastTriggeredAtMs = nowMs;
    const weak = recommendation.weak_skills.map((w) => w.skill);
    const method = recommendation.method ?? monitor.methods.default;
    const mix = Object.fromEntries(Object.entries(metrics.by_skill).map(([skill, s]) => [skill, s.requests]));
    let focusFile: string | null = null;
    const firedBrief = await brief(weak);
    try {
      focusFile = await writeSkillFocus(context.statusDir, { at: new Date(nowMs), level: health.level, weak, mix, boost: monitor.recommendation.weakSkillBoost, reason: recommendation.reason, brief: firedBrief });
    } catch (error) {
      context.errors.push({ source: 'skill_focus.json', message: `not written: ${(error as Error).message}` });
    }
    const call = { method, weakSkills: weak, level: health.level, confidence: recommendation.confidence, urgency: recommendation.urgency, focusFile };
    let outcome: Awaited<ReturnType<typeof runConfiguredCommand>> = { command: null, exitCode: null, outputTail: null };
    if (autoFineTune && monitor.fineTuneCommand.length > 0) {
      context.logger?.warn({ method, weak }, 'fine-tune triggered: running the command');
      outcome = await runConfiguredCommand(call, commandContext);
    } else {
      const why = autoFineTune ? 'no fine-tune command is configured' : 'auto fine-tune is off';
      context.logger?.warn({ method, weak, control: state.control?.changed_by ?? null }, `fine-tune triggered: recorded (${why})`);
    }
    state.lastFire = {
      at: iso(nowMs), level: health.level, confidence: recommendation.confidence, urgency: recommendation.urgency, method,
      weak_skills: weak, command: outcome.command, exit_code: outcome.exitCode, output_tail: outcome.outputTail, skill_focus_file: focusFile, brief: firedBrief,
    };
  }
  if (context.manualRequests.length > 0) {
    const call = {
      method: recommendation.method ?? monitor.methods.default, weakSkills: recommendation.weak_skills.map((w) => w.skill), level: health.level ?? '',
      confidence: recommendation.confidence, urgency: recommendation.urgency, focusFile: null,
    };
    const manualBrief = await brief(call.weakSkills);
    const ran = await runManualFineTunes(context.manualRequests, call, { ...commandContext, nowMs });
    state.manualLast = ran ? { ...ran, brief: manualBrief } : ran;
    // A manual run starts the cooldown too: the automatic trigger must not start a second fine-tune right after it.
    state.lastTriggeredAtMs = nowMs;
  }

  const { by_model: _, ...reported } = metrics;
  return {
    level: health.level,
    health_score: roundOrNull(health.health_score),
    grade: health.grade,
    window: { seconds: monitor.windowSeconds, start: iso(nowMs - windowMs), end: iso(nowMs), requests: metrics.requests, ratings: metrics.ratings },
    metrics: {
      response_time_ms: roundAll(reported.response_time_ms),
      time_to_first_token_ms: roundAll(reported.time_to_first_token_ms),
      tokens_per_second: roundAll(reported.tokens_per_second),
      error_rate: roundOrNull(reported.error_rate),
      user_rating: roundOrNull(reported.user_rating),
      correction_frequency: roundOrNull(reported.correction_frequency),
      clarification_rate: roundOrNull(reported.clarification_rate),
      unknown_query_rate: roundOrNull(reported.unknown_query_rate),
      throughput: {
        ...roundAll(reported.throughput),
        by_model: Object.fromEntries(Object.entries(metrics.by_model).sort(([a], [b]) => a.localeCompare(b)).map(([model, m]) => [model, roundAll(m.throughput)])),
      },
      quality: {
        judged: reported.quality.judged,
        judge_errors: state.judgeErrors,
        relevance: roundOrNull(reported.quality.relevance),
        accuracy: roundOrNull(reported.quality.accuracy),
        completeness: roundOrNull(reported.quality.completeness),
        coherence: roundOrNull(reported.quality.coherence),
        task_scores: roundAll(reported.quality.task_scores) as Record<string, number>,
        context_judged: reported.quality.context_judged,
        hallucination_rate: roundOrNull(reported.quality.hallucination_rate),
        outdated_judged: reported.quality.outdated_judged,
        outdated_rate: roundOrNull(reported.quality.outdated_rate),
        bias_judged: reported.quality.bias_judged,
        bias_rate: roundOrNull(reported.quality.bias_rate),
        quarantined: state.judgeQuarantined,
        corrections: { scored: reported.quality.corrections.scored, bleu: roundOrNull(reported.quality.corrections.bleu), rouge_l: roundOrNull(reported.quality.corrections.rouge_l) },
      },
      host: context.host,
      by_skill: Object.fromEntries(
        Object.entries(reported.by_skill).map(([skill, s]) => [skill, { ...s, error_rate: roundOrNull(s.error_rate), bad_rate: roundOrNull(s.bad_rate), outdated_rate: roundOrNull(s.outdated_rate), bias_rate: roundOrNull(s.bias_rate), task_score: roundOrNull(s.task_score) }]),
      ),
    },
    metric_entries: metricEntries(metrics, monitor.windowSeconds).map((e) => ({ ...e, value: round(e.value) })),
    thresholds: Object.fromEntries(Object.entries(table).map(([metric, t]) => [metric, { direction: t.direction, attention: t.attention, warning: t.warning, critical: t.critical }])) as LlmHealthBody['thresholds'],
    breaches: health.breaches.map((b) => ({ ...b, value: round(b.value), score: round(b.score) })),
    recommendation: {
      ...recommendation,
      weak_skills: recommendation.weak_skills.map((w) => ({ ...w, error_rate: roundOrNull(w.error_rate), bad_rate: roundOrNull(w.bad_rate), outdated_rate: roundOrNull(w.outdated_rate), bias_rate: roundOrNull(w.bias_rate), task_score: roundOrNull(w.task_score) })),
    },
    accuracy_drop: drop.drop,
    drift: {
      detected: drift.detected,
      reference: { seconds: monitor.referenceSeconds, start: iso(nowMs - windowMs - referenceMs), end: iso(nowMs - windowMs), requests: reference.length },
      tests: drift.tests,
    },
    fine_tune: {
      triggered: decision.fire,
      reason: decision.reason,
      last_triggered_at: state.lastTriggeredAtMs === null ? null : iso(state.lastTriggeredAtMs),
      cooldown_seconds: monitor.trigger.cooldownSeconds,
      cooldown_remaining_seconds: round(decision.fire || context.manualRequests.length > 0 ? monitor.trigger.cooldownSeconds : decision.cooldownRemainingSeconds),
      auto_fine_tune: autoFineTune,
      last: state.lastFire,
      control: state.control,
      manual_last: state.manualLast,
    },
    safety: windowSafety(current, state.scorers, context.redact),
    cost: windowCostFigures(current, context.cost, monitor.windowSeconds, context.gpu),
    trends: windowTrends(current, ratings, { startMs: nowMs - windowMs, endMs: nowMs, buckets: monitor.trendBuckets, alpha: monitor.trendAlpha, cost: context.cost }),
    ingest: {
      events_total: state.totals.events,
      feedback_total: state.totals.feedback,
      malformed_total: state.totals.malformed,
      last_event_id: state.cursor.gateway === '0-0' ? null : state.cursor.gateway,
      last_feedback_id: state.cursor.feedback === '0-0' ? null : state.cursor.feedback,
      problems: [...state.problems],
    },
    errors: context.errors,
  };
}
