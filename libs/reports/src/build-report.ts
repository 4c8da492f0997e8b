import type { CostConfig, MonitorConfig, SafetyConfig } from '@flywheel/config';
import { FlywheelReport, MONITORING_LEVELS, STATUS_FILES, type MonitoringLevel, type ReportDeployment, type StatusOf, type JudgeScoreRecord, type ReportSource, type StatusIssue } from '@flywheel/contracts';
import { windowMetrics } from '@flywheel/production-monitor';
import { categoryScores } from './category-scores.js';
import type { KnowledgeRetention } from './knowledge-retention.js';
import { metricTrends } from './metric-trends.js';
import { recommendationRuns, replayTimeline } from './replay-timeline.js';
import { deploymentsSection, failurePatternsSection, regressionSection } from './status-sections.js';
import { sourceOf, statusData, type ReportStatuses } from './status-inputs.js';
import type { TrafficSource } from './traffic.js';
import { biasRateMetric } from './judge-flag-metrics.js';
import { WindowSafetyCost } from './window-safety-cost.js';
import type { TrainerCurve } from './trainer-curve.js';
import type { TrainingPace } from './training-pace.js';
import { seriesTrend } from '@flywheel/statistics';

/** Everything a report is made from, already read: building it is a plain function of these. */
export interface ReportInputs {
  now: Date;
  sinceSeconds: number;
  stepSeconds: number;
  run: string;
  monitor: MonitorConfig;
  /** The window's traffic, starting `monitor.windowSeconds` before the window so the first pass sees a full window; read while the report is built. */
  traffic: TrafficSource;
  statuses: ReportStatuses;
  deploymentLog: { deployments: ReportDeployment[]; problems: StatusIssue[]; present: boolean };
  /** Scanning and pricing of the window's responses (config `safety.*`, `cost.*`); without them safety and cost come from llm_health.json only. */
  safety?: SafetyConfig;
  cost?: CostConfig;
  /** The newest checkpoint's logged training losses, and what reading them gave (none: not looked for). */
  trainer?: { curve: TrainerCurve | null; source: ReportSource };
  /** The live judge's persisted scores of the window's requests (production-monitor's `judgeKeys(run).scores`); none: no judge figures. */
  judgeScores?: readonly JudgeScoreRecord[];
  /** The champion's retention of what earlier checkpoints knew, from the offline evaluations; none: not read. */
  retention?: KnowledgeRetention;
  /** Steps per hour between the checkpoints, recent against early; none: not read. */
  pace?: TrainingPace;
}

/**
 * The window's own safety and cost when it had traffic to scan (GPU utilisation from the live
 * monitor's figure), else the live monitor's figures of its last window, else nothing measured.
 */
function safetyAndCost(scan: WindowSafetyCost | undefined, health: StatusOf<'llm_health'> | null, sinceSeconds: number): Pick<FlywheelReport, 'safety' | 'cost' | 'safety_cost_source'> {
  if (scan && scan.requestCount > 0) {
    const gpu = { percent: health?.cost?.gpu_utilization_percent ?? null, source: health?.cost?.gpu_source ?? null };
    return { safety: scan.safetyFigures(), cost: scan.costFigures(sinceSeconds, gpu), safety_cost_source: 'traffic' };
  }
  if (health?.safety || health?.cost) return { safety: health.safety ?? null, cost: health.cost ?? null, safety_cost_source: 'llm_health' };
  return { safety: null, cost: null, safety_cost_source: null };
}

/** The training loss over the newest checkpoint's logged steps (not time buckets): falling is converging. */
function trainingLossTrend(curve: TrainerCurve | null, alpha: number): FlywheelReport['trends'] {
  if (!curve || curve.losses.length === 0) return [];
  return [{ metric: 'training_loss', label: `training loss (${curve.checkpoint}, per logged step)`, unit: 'loss', buckets: curve.losses, trend: seriesTrend(curve.losses, false, alpha) }];
}

/** Status files the report reads, by id. */
export const REPORT_STATUS_IDS = ['llm_health', 'training', 'regression', 'testing', 'model_comparison', 'confidence', 'adversarial', 'deployment'] as const;

/**
 * The report over [now − since, now]: the replayed timeline, the four grading categories,
 * trends, regressions, deployments, failure patterns, safety and cost, recommendations.
 * Consumes `inputs.traffic` (once). Validated against the `FlywheelReport` contract before it is returned.
 */
export async function buildReport(inputs: ReportInputs): Promise<FlywheelReport> {
  const endMs = inputs.now.getTime();
  const startMs = endMs - inputs.sinceSeconds * 1000;
  const stepMs = inputs.stepSeconds * 1000;
  const scan = inputs.safety && inputs.cost ? new WindowSafetyCost(inputs.safety, inputs.cost) : undefined;
  const replay = await replayTimeline(inputs.traffic.entries, { startMs, endMs, stepMs, monitor: inputs.monitor, safetyCost: scan, judgeScores: inputs.judgeScores });
  const timeline = replay.steps.map((s) => s.point);
  const level_counts = Object.fromEntries(MONITORING_LEVELS.map((l) => [l, 0])) as Record<MonitoringLevel, number>;
  for (const p of timeline) if (p.level) level_counts[p.level] += 1;
  const whole = windowMetrics(replay.requests, replay.ratings, inputs.sinceSeconds);
  const health = statusData(inputs.statuses, 'llm_health');
  const sources: ReportSource[] = [
    { name: `traffic (${inputs.traffic.source}${inputs.traffic.detail ? `: ${inputs.traffic.detail}` : ''})`, state: inputs.traffic.source === 'none' ? 'missing' : 'present', last_update: null, error: null },
    ...REPORT_STATUS_IDS.map((id) => sourceOf(STATUS_FILES[id].file, inputs.statuses[id])),
    ...(inputs.trainer ? [inputs.trainer.source] : []),
    {
      name: 'deployments.jsonl',
      state: !inputs.deploymentLog.present ? 'missing' : inputs.deploymentLog.problems.length ? 'error' : 'present',
      last_update: null,
      error: inputs.deploymentLog.problems.length ? inputs.deploymentLog.problems.map((p) => `${p.where}: ${p.message}`).join('; ') : null,
    },
  ];
  const report: FlywheelReport = {
    schema_version: 1,
    generated_at: inputs.now.toISOString(),
    run: inputs.run,
    window: { start: new Date(startMs).toISOString(), end: inputs.now.toISOString(), since_seconds: inputs.sinceSeconds, step_seconds: inputs.stepSeconds, monitor_window_seconds: inputs.monitor.windowSeconds },
    traffic: {
      source: inputs.traffic.source,
      detail: inputs.traffic.detail,
      events: replay.requests.length,
      feedback: replay.ratings.length,
      malformed: replay.malformed + inputs.traffic.problems.length,
      problems: [...inputs.traffic.problems, ...replay.problems].slice(0, 20),
    },
    timeline,
    level_counts,
    categories: categoryScores(whole, inputs.statuses, inputs.monitor, inputs.trainer?.curve ?? null, inputs.retention ?? null, inputs.pace ?? null),
    trends: [...metricTrends(replay.requests, replay.ratings, { startMs, stepMs, buckets: timeline.length, alpha: inputs.monitor.trendAlpha }), ...trainingLossTrend(inputs.trainer?.curve ?? null, inputs.monitor.trendAlpha)],
    regression: regressionSection(inputs.statuses),
    deployments: deploymentsSection(inputs.deploymentLog.deployments, inputs.statuses, startMs, endMs),
    failure_patterns: failurePatternsSection(inputs.statuses),
    ...safetyAndCost(scan, health, inputs.sinceSeconds),
    judge_safety: [biasRateMetric(whole, inputs.monitor)],
    recommendations: {
      replayed: recommendationRuns(replay.steps, stepMs),
      current: health?.recommendation ?? null,
      current_at: health?.window.end ?? null,
    },
    sources,
  };
  return FlywheelReport.parse(report);
}
