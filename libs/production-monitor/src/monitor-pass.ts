import type { StatusBody, StatusIssue } from '@flywheel/contracts';
import type { MonitorConfig } from '@flywheel/config';
import type { Logger } from 'pino';
import { detectDrift } from './drift.js';
import { decideTrigger, fillCommand, runFineTuneCommand } from './fine-tune-trigger.js';
import { assessHealth, thresholdTable } from './health-levels.js';
import type { HostUsage } from './host-usage.js';
import { metricEntries } from './metric-entries.js';
import type { MonitorState } from './monitor-state.js';
import { recommend, round } from './recommendation.js';
import { writeSkillFocus } from './skill-focus.js';
import { windowMetrics } from './window-metrics.js';

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

  const metrics = windowMetrics(current, ratings);
  const table = thresholdTable(monitor.thresholds);
  const rt = metrics.response_time_ms.p95;
  const health = assessHealth(
    {
      relevance: { value: metrics.quality.relevance, samples: metrics.quality.judged },
      accuracy: { value: metrics.quality.accuracy, samples: metrics.quality.judged },
      response_time: { value: rt === null ? null : rt / 1000, samples: metrics.requests },
      user_rating: { value: metrics.user_rating, samples: metrics.ratings },
      correction_frequency: { value: metrics.correction_frequency, samples: metrics.ratings },
    },
    table,
    monitor,
  );
  const recommendation = recommend(health, metrics.by_skill, monitor);
  const drift = detectDrift(current, reference, monitor.drift);

  const decision = decideTrigger({ level: health.level, confidence: recommendation.confidence, urgency: recommendation.urgency }, state.lastTriggeredAtMs, nowMs, monitor.trigger);
  if (decision.fire && (health.level === 'WARNING' || health.level === 'CRITICAL')) {
    state.lastTriggeredAtMs = nowMs;
    const weak = recommendation.weak_skills.map((w) => w.skill);
    const method = recommendation.method ?? monitor.methods.default;
    const mix = Object.fromEntries(Object.entries(metrics.by_skill).map(([skill, s]) => [skill, s.requests]));
    let focusFile: string | null = null;
    try {
      focusFile = await writeSkillFocus(context.statusDir, { at: new Date(nowMs), level: health.level, weak, mix, boost: monitor.recommendation.weakSkillBoost, reason: recommendation.reason });
    } catch (error) {
      context.errors.push({ source: 'skill_focus.json', message: `not written: ${(error as Error).message}` });
    }
    let command: string[] | null = null;
    let exitCode: number | null = null;
    let outputTail: string | null = null;
    if (monitor.autoFineTune && monitor.fineTuneCommand.length > 0) {
      command = fillCommand(monitor.fineTuneCommand, {
        method, skills: weak.join(','), level: health.level, confidence: String(recommendation.confidence), urgency: String(recommendation.urgency),
        focus_file: focusFile ?? '', base_dir: context.baseDir, run: context.run,
      });
      context.logger?.warn({ command, method, weak }, 'fine-tune triggered: running the command');
      const outcome = await runFineTuneCommand(command, { cwd: context.baseDir, timeoutSeconds: monitor.fineTuneTimeoutSeconds });
      exitCode = outcome.exitCode;
      outputTail = outcome.outputTail;
      if (exitCode !== 0) context.errors.push({ source: 'fine-tune command', message: `exit ${exitCode}: ${outcome.outputTail.slice(-300)}` });
    } else {
      context.logger?.warn({ method, weak }, 'fine-tune triggered: recorded (autoFineTune is off)');
    }
    state.lastFire = {
      at: iso(nowMs), level: health.level, confidence: recommendation.confidence, urgency: recommendation.urgency, method,
      weak_skills: weak, command, exit_code: exitCode, output_tail: outputTail, skill_focus_file: focusFile,
    };
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
      quality: {
        judged: reported.quality.judged,
        judge_errors: state.judgeErrors,
        relevance: roundOrNull(reported.quality.relevance),
        accuracy: roundOrNull(reported.quality.accuracy),
        completeness: roundOrNull(reported.quality.completeness),
        coherence: roundOrNull(reported.quality.coherence),
        task_scores: roundAll(reported.quality.task_scores) as Record<string, number>,
      },
      host: context.host,
      by_skill: Object.fromEntries(
        Object.entries(reported.by_skill).map(([skill, s]) => [skill, { ...s, error_rate: roundOrNull(s.error_rate), bad_rate: roundOrNull(s.bad_rate), task_score: roundOrNull(s.task_score) }]),
      ),
    },
    metric_entries: metricEntries(metrics, monitor.windowSeconds).map((e) => ({ ...e, value: round(e.value) })),
    thresholds: Object.fromEntries(Object.entries(table).map(([metric, t]) => [metric, { direction: t.direction, attention: t.attention, warning: t.warning, critical: t.critical }])) as LlmHealthBody['thresholds'],
    breaches: health.breaches.map((b) => ({ ...b, value: round(b.value), score: round(b.score) })),
    recommendation: {
      ...recommendation,
      weak_skills: recommendation.weak_skills.map((w) => ({ ...w, error_rate: roundOrNull(w.error_rate), bad_rate: roundOrNull(w.bad_rate), task_score: roundOrNull(w.task_score) })),
    },
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
      cooldown_remaining_seconds: round(decision.fire ? monitor.trigger.cooldownSeconds : decision.cooldownRemainingSeconds),
      auto_fine_tune: monitor.autoFineTune,
      last: state.lastFire,
    },
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
