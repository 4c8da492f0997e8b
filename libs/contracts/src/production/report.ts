import { z } from 'zod';
import { StatusIssue, Timestamp } from '../status/stamp.js';
import { LetterGrade, MonitoringLevel } from './monitoring-level.js';
import { Breach, Recommendation, ThresholdMetric } from './llm-health.js';
import { CostFigures, SafetyFigures } from './safety-cost.js';
import { MetricTrend } from './trend.js';

// The exportable report (issue 10, seed 000 "export reports"): `flywheel report --format json`
// and `GET /api/reports?format=json` answer this shape. Every figure that has no data is
// null with a note saying why; nothing is invented.

export const REPORT_FORMATS = ['html', 'md', 'json', 'pdf'] as const;
export const ReportFormat = z.enum(REPORT_FORMATS);
export type ReportFormat = z.infer<typeof ReportFormat>;

const share = z.number().min(0).max(1);

/** Where a section's data came from, and whether it could be read. */
export const ReportSource = z.object({
  /** Status file name (`regression_monitoring.json`), `deployments.jsonl`, or the traffic source. */
  name: z.string(),
  state: z.enum(['present', 'missing', 'error']),
  /** The file's `last_update` when present. */
  last_update: Timestamp.nullable(),
  /** Why it could not be used (state `error`). */
  error: z.string().nullable(),
});
export type ReportSource = z.infer<typeof ReportSource>;

/** One monitor pass replayed at a step of the window. */
export const TimelinePoint = z.object({
  at: Timestamp,
  /** Null while no metric had `monitor.minSamples` observations in the monitor's window. */
  level: MonitoringLevel.nullable(),
  health_score: share.nullable(),
  grade: LetterGrade.nullable(),
  requests: z.number().int().nonnegative(),
  ratings: z.number().int().nonnegative(),
  breaches: z.array(Breach),
});
export type TimelinePoint = z.infer<typeof TimelinePoint>;

export const REPORT_CATEGORIES = ['training_performance', 'model_quality', 'system_performance', 'knowledge_integration'] as const;
export const ReportCategoryId = z.enum(REPORT_CATEGORIES);
export type ReportCategoryId = z.infer<typeof ReportCategoryId>;

/** One figure of a category with its 0–1 score (null: shown, not scored, or no data). */
export const CategoryMetric = z.object({
  id: z.string(),
  label: z.string(),
  value: z.number().nullable(),
  unit: z.string(),
  score: share.nullable(),
  /** The formula that turned the value into the score, or why there is no score. */
  basis: z.string(),
  /** Status file or traffic the value came from. */
  source: z.string(),
  /** Observations behind the value, when it is counted. */
  samples: z.number().int().nonnegative().nullable(),
});
export type CategoryMetric = z.infer<typeof CategoryMetric>;

/** A seed-000 grading category: mean of its metrics' scores, graded on seed 000's scale. */
export const ReportCategory = z.object({
  id: ReportCategoryId,
  title: z.string(),
  /** Mean of the scored metrics; null when none has data. */
  score: share.nullable(),
  grade: LetterGrade.nullable(),
  /** Says why the score is null, or which metrics had no data. */
  note: z.string().nullable(),
  metrics: z.array(CategoryMetric),
});
export type ReportCategory = z.infer<typeof ReportCategory>;

/** A metric's movement over the window in equal buckets, with the test behind the word. */
export const ReportTrend = z.object({
  metric: z.string(),
  label: z.string(),
  unit: z.string(),
  /** The metric in each bucket, oldest first; null where the bucket had no observation. */
  buckets: z.array(z.number().nullable()),
  trend: MetricTrend,
});
export type ReportTrend = z.infer<typeof ReportTrend>;

/** A run of consecutive steps with the same recommendation (action, level, method, driver). */
export const ReportRecommendation = z.object({
  from: Timestamp,
  to: Timestamp,
  steps: z.number().int().positive(),
  level: MonitoringLevel,
  action: Recommendation.shape.action,
  method: z.string().nullable(),
  driver: ThresholdMetric.nullable(),
  /** At the step of highest urgency in the run. */
  confidence: share,
  urgency: share,
  improvement_areas: z.array(z.string()),
  weak_skills: z.array(z.string()),
  reason: z.string(),
});
export type ReportRecommendation = z.infer<typeof ReportRecommendation>;

/** A line of `deployments.jsonl` (or `last_deployment.json`) as the report shows it. */
export const ReportDeployment = z.object({
  checkpoint: z.string().nullable(),
  deployed_at: Timestamp.nullable(),
  success: z.boolean(),
  rolled_back: z.boolean(),
  serving: z.string().nullable(),
  previous: z.string().nullable(),
  score: z.number().nullable(),
  reason: z.string().nullable(),
});
export type ReportDeployment = z.infer<typeof ReportDeployment>;

export const ReportRegression = z.object({
  regression_detected: z.boolean(),
  checkpoint: z.string().nullable(),
  baseline_checkpoint: z.string().nullable(),
  baseline_loss: z.number().nullable(),
  current_loss: z.number().nullable(),
  increase_percent: z.number().nullable(),
  alert_level: z.string().nullable(),
  reason: z.string().nullable(),
  /** `automated_testing.json`'s own regression call, when that file is present. */
  testing_regression_detected: z.boolean().nullable(),
});

export const FailurePattern = z.object({
  /** `skill/difficulty`, as the adversarial miner names it. */
  pattern: z.string(),
  failures: z.number().int().nonnegative(),
});

export const FlywheelReport = z.object({
  schema_version: z.literal(1),
  generated_at: Timestamp,
  run: z.string(),
  window: z.object({
    start: Timestamp,
    end: Timestamp,
    since_seconds: z.number().positive(),
    /** Time between two replayed passes, and the size of a trend bucket. */
    step_seconds: z.number().positive(),
    /** The production monitor's sliding window each pass looks at (`monitor.windowSeconds`). */
    monitor_window_seconds: z.number().positive(),
  }),
  traffic: z.object({
    /** `redis` (the run's streams), `file` (a recorded JSONL), or `none`. */
    source: z.enum(['redis', 'file', 'none']),
    detail: z.string().nullable(),
    events: z.number().int().nonnegative(),
    feedback: z.number().int().nonnegative(),
    malformed: z.number().int().nonnegative(),
    problems: z.array(StatusIssue),
  }),
  timeline: z.array(TimelinePoint),
  /** Level reached most often first; counts of steps per level over the timeline. */
  level_counts: z.record(MonitoringLevel, z.number().int().nonnegative()),
  categories: z.array(ReportCategory),
  trends: z.array(ReportTrend),
  regression: ReportRegression.nullable(),
  deployments: z.object({
    /** Deployments attempted inside the window, oldest first. */
    entries: z.array(ReportDeployment),
    rollbacks: z.number().int().nonnegative(),
    failures: z.number().int().nonnegative(),
    /** What `last_deployment.json` says serves now (it may predate the window). */
    serving: z.string().nullable(),
  }),
  failure_patterns: z
    .object({
      checkpoint: z.string().nullable(),
      examples_tested: z.number().int().nonnegative(),
      failures_found: z.number().int().nonnegative(),
      /** Most failures first, at most 10. */
      top: z.array(FailurePattern),
    })
    .nullable(),
  /** PII, toxicity and refusals; null: not measured. */
  safety: SafetyFigures.nullable(),
  /**
   * Seed 001's safety figures the judge gives, scored as the categories' metrics are but in none
   * of seed 000's categories: `bias_rate` (score 1 − rate). Absent in reports made before it.
   */
  judge_safety: z.array(CategoryMetric).optional(),
  /** Tokens, cost per query, GPU utilisation; null: not measured. */
  cost: CostFigures.nullable(),
  /**
   * `traffic`: the window's own responses scanned and priced (GPU from llm_health.json);
   * `llm_health`: the live monitor's figures of its last window (no traffic in the report's); null: neither.
   */
  safety_cost_source: z.enum(['traffic', 'llm_health']).nullable(),
  recommendations: z.object({
    /** From the replayed passes: each run of steps where the monitor asked for something. */
    replayed: z.array(ReportRecommendation),
    /** `llm_health.json`'s recommendation as the live monitor made it, when present. */
    current: Recommendation.nullable(),
    current_at: Timestamp.nullable(),
  }),
  /** Every input read, with its state. */
  sources: z.array(ReportSource),
});
export type FlywheelReport = z.infer<typeof FlywheelReport>;
