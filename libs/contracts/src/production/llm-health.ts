import { z } from 'zod';
import { FineTuneBrief } from './fine-tune-brief.js';
import { redisNamespace } from '../redis-keys.js';
import { StatusIssue, StatusStamp } from '../status/stamp.js';
import { LetterGrade, MonitoringLevel } from './monitoring-level.js';
import { FineTuneControl } from './fine-tune-control.js';
import { CostFigures, SafetyFigures } from './safety-cost.js';
import { MetricTrend } from './trend.js';

/** The metrics seed 000's threshold table judges, by the name the config and the status use. */
export const THRESHOLD_METRICS = ['relevance', 'accuracy', 'response_time', 'user_rating', 'correction_frequency'] as const;
export const ThresholdMetric = z.enum(THRESHOLD_METRICS);
export type ThresholdMetric = z.infer<typeof ThresholdMetric>;

const share = z.number().min(0).max(1);
const nullableNumber = z.number().nullable();

/** Percentiles of a window's values; null when the window has none. */
export const WindowPercentiles = z.object({
  p50: nullableNumber,
  p95: nullableNumber,
  p99: nullableNumber,
  mean: nullableNumber,
});

/** Requests and output tokens per second over the window's length (seed 000's and 001's throughput). */
export const WindowThroughput = z.object({
  span_seconds: z.number().positive().nullable(),
  requests_per_second: z.number().nonnegative().nullable(),
  output_tokens_per_second: z.number().nonnegative().nullable(),
  /** Requests whose upstream reported completion tokens (the others count 0 output tokens). */
  requests_with_usage: z.number().int().nonnegative(),
});

/** One skill's figures in the window (requests tagged with it and ratings of them). */
export const SkillFigures = z.object({
  requests: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  error_rate: share.nullable(),
  ratings: z.number().int().nonnegative(),
  bad_ratings: z.number().int().nonnegative(),
  bad_rate: share.nullable(),
  /** Mean of the judge's task score for this skill; null when none was judged. */
  task_score: share.nullable(),
  /** The skill's judged answers saying outdated or not, and the share flagged (null under `monitor.minSamples`). Absent before the judge's flags. */
  outdated_judged: z.number().int().nonnegative().optional(),
  outdated_rate: share.nullable().optional(),
  /** The skill's judged answers saying biased or not, and the share flagged (null under `monitor.minSamples`). */
  bias_judged: z.number().int().nonnegative().optional(),
  bias_rate: share.nullable().optional(),
});

/**
 * A metric as exported, with OpenTelemetry-style names and attributes
 * (`gen_ai.request.model`, `gen_ai.operation.name`, `service.name`, …).
 */
export const MetricEntry = z.object({
  name: z.string().min(1),
  unit: z.string(),
  value: z.number(),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});
export type MetricEntry = z.infer<typeof MetricEntry>;

export const Breach = z.object({
  metric: ThresholdMetric,
  value: z.number(),
  /** The threshold crossed (the worst level's). */
  threshold: z.number(),
  level: z.enum(['ATTENTION', 'WARNING', 'CRITICAL']),
  /** The metric's 0–1 score (see docs/production-monitor.md). */
  score: share,
  /** Observations behind the value. */
  samples: z.number().int().nonnegative(),
});
export type Breach = z.infer<typeof Breach>;

export const WeakSkill = SkillFigures.extend({
  skill: z.string(),
  reason: z.string(),
});

export const Recommendation = z.object({
  /** none: healthy; monitor: ATTENTION; fine_tune: WARNING or CRITICAL. */
  action: z.enum(['none', 'monitor', 'fine_tune']),
  /** How much data backs the call, 0–1. */
  confidence: share,
  /** How bad it is, 0–1: one minus the lowest metric score. */
  urgency: share,
  /** The metric that sets the urgency; null when nothing was measured. */
  driver: ThresholdMetric.nullable(),
  /** Fine-tuning method the seed's rule picks (names from config); null unless action is fine_tune. */
  method: z.string().nullable(),
  improvement_areas: z.array(z.string()),
  weak_skills: z.array(WeakSkill),
  reason: z.string(),
});

export const DriftTest = z.object({
  feature: z.string(),
  test: z.enum(['psi', 'ks']),
  /** PSI, or the KS distance D. */
  statistic: z.number().nonnegative(),
  p_value: share,
  /** PSI bands (0.1 / 0.25); for KS, "significant" when flagged. */
  severity: z.enum(['none', 'moderate', 'significant']),
  flagged: z.boolean(),
  current_samples: z.number().int().nonnegative(),
  reference_samples: z.number().int().nonnegative(),
});
export type DriftTest = z.infer<typeof DriftTest>;

/**
 * Seed 001's "accuracy drops > 5 % → investigate + retrain", live: the current window's accuracy
 * against the reference window's, by a one-sided test at a run-level error rate.
 */
export const AccuracyDropCheck = z.object({
  /** judge: the judge's accuracy; ratings: the share of good ratings; null: not enough of either. */
  source: z.enum(['judge', 'ratings']).nullable(),
  baseline: share.nullable(),
  current: share.nullable(),
  baseline_samples: z.number().int().nonnegative(),
  current_samples: z.number().int().nonnegative(),
  /** (baseline − current) × 100, in accuracy points. */
  drop_percent: z.number().min(-100).max(100).nullable(),
  threshold_points: z.number().nonnegative(),
  statistic: z.number().nullable(),
  p_value: share.nullable(),
  /** This look's share of the run's false-alarm rate. */
  alpha: share,
  look: z.number().int().nonnegative(),
  detected: z.boolean(),
  evaluated_at: z.iso.datetime().nullable(),
  reason: z.string(),
});

export const FineTuneState = z.object({
  /** The trigger fired on this pass. */
  triggered: z.boolean(),
  /** Why it did or did not fire. */
  reason: z.string(),
  last_triggered_at: z.iso.datetime().nullable(),
  cooldown_seconds: z.number().nonnegative(),
  cooldown_remaining_seconds: z.number().nonnegative(),
  auto_fine_tune: z.boolean(),
  /** The last firing: what was recommended and what ran. */
  last: z
    .object({
      at: z.iso.datetime(),
      level: MonitoringLevel,
      confidence: share,
      urgency: share,
      method: z.string(),
      weak_skills: z.array(z.string()),
      /** The command run (placeholders filled); null when autoFineTune is off or no command is set. */
      command: z.array(z.string()).nullable(),
      exit_code: z.number().int().nullable(),
      output_tail: z.string().nullable(),
      skill_focus_file: z.string().nullable(),
      /** What to train (absent before briefs existed). */
      brief: FineTuneBrief.optional(),
    })
    .nullable(),
  /** The dashboard's switch, when set (it overrides `monitor.autoFineTune`); null when never set. */
  control: FineTuneControl.nullable().optional(),
  /** The last manual "fine-tune now": who asked, when, and what ran. */
  manual_last: z
    .object({
      id: z.string(),
      requested_by: z.string(),
      requested_at: z.iso.datetime(),
      ran_at: z.iso.datetime(),
      reason: z.string().nullable(),
      command: z.array(z.string()).nullable(),
      exit_code: z.number().int().nullable(),
      output_tail: z.string().nullable(),
      /** Ids of the other requests of the same pass that this one run answered (five clicks, one training). */
      coalesced: z.array(z.string()).optional(),
      /** What to train (absent before briefs existed). */
      brief: FineTuneBrief.optional(),
    })
    .nullable()
    .optional(),
});

export const IngestProblem = z.object({
  stream: z.enum(['gateway', 'feedback']),
  id: z.string(),
  message: z.string(),
});

/** `status/llm_health.json`, written by production-monitor (seeds 000 and 001). */
export const LlmHealthStatus = z.looseObject({
  ...StatusStamp,
  /** Seed 000's level; null until some metric has enough data. */
  level: MonitoringLevel.nullable(),
  health_score: share.nullable(),
  grade: LetterGrade.nullable(),
  window: z.object({
    seconds: z.number().positive(),
    start: z.iso.datetime(),
    end: z.iso.datetime(),
    requests: z.number().int().nonnegative(),
    ratings: z.number().int().nonnegative(),
  }),
  metrics: z.object({
    response_time_ms: WindowPercentiles,
    time_to_first_token_ms: WindowPercentiles,
    tokens_per_second: WindowPercentiles,
    error_rate: share.nullable(),
    user_rating: z.number().min(1).max(5).nullable(),
    correction_frequency: share.nullable(),
    clarification_rate: share.nullable(),
    unknown_query_rate: share.nullable(),
    /** Throughput over the window, and per model (absent before it was measured). */
    throughput: WindowThroughput.extend({ by_model: z.record(z.string(), WindowThroughput) }).optional(),
    quality: z.object({
      judged: z.number().int().nonnegative(),
      judge_errors: z.number().int().nonnegative(),
      relevance: share.nullable(),
      accuracy: share.nullable(),
      completeness: share.nullable(),
      coherence: share.nullable(),
      task_scores: z.record(z.string(), share),
      /** Judged answers whose prompt carried context (the hallucination rate's denominator). Absent before the independent judge. */
      context_judged: z.number().int().nonnegative().optional(),
      /** Share of those the judge found not supported by the context (seed 001's hallucination rate); null without any. */
      hallucination_rate: share.nullable().optional(),
      /** Judged answers the judge said outdated or not about (the outdated rate's denominator). Absent before the judge gave that flag. */
      outdated_judged: z.number().int().nonnegative().optional(),
      /** Share of those it found relying on outdated knowledge (seed 000's outdated information); null with fewer than `monitor.minSamples`. */
      outdated_rate: share.nullable().optional(),
      /** Judged answers the judge said biased or not about (the bias rate's denominator). */
      bias_judged: z.number().int().nonnegative().optional(),
      /** Share of those it found biased (seed 001's bias, a safety figure); null with fewer than `monitor.minSamples`. */
      bias_rate: share.nullable().optional(),
      /** Judge replies quarantined as unreadable since the monitor started (`judgeKeys(run).quarantine`). */
      quarantined: z.number().int().nonnegative().optional(),
      /** Rated-bad answers with a correction scored against it (BLEU-4 and ROUGE-L F, 0–1); means over the window. */
      corrections: z
        .object({ scored: z.number().int().nonnegative(), bleu: share.nullable(), rouge_l: share.nullable() })
        .optional(),
    }),
    host: z.object({
      memory_used_bytes: z.number().nonnegative(),
      memory_total_bytes: z.number().nonnegative(),
      memory_percent: z.number().min(0).max(100),
      /** Busy share of all CPUs since the previous pass; null on the first. */
      cpu_percent: z.number().min(0).max(100).nullable(),
      load_average_1m: z.number().nonnegative(),
      monitor_rss_bytes: z.number().nonnegative(),
    }),
    by_skill: z.record(z.string(), SkillFigures),
  }),
  metric_entries: z.array(MetricEntry),
  thresholds: z.record(
    ThresholdMetric,
    z.object({ direction: z.enum(['below', 'above']), attention: z.number(), warning: z.number(), critical: z.number() }),
  ),
  breaches: z.array(Breach),
  recommendation: Recommendation,
  /** The live accuracy-drop check (absent before it existed). */
  accuracy_drop: AccuracyDropCheck.optional(),
  drift: z.object({
    detected: z.boolean(),
    reference: z.object({ seconds: z.number().positive(), start: z.iso.datetime(), end: z.iso.datetime(), requests: z.number().int().nonnegative() }),
    tests: z.array(DriftTest),
  }),
  fine_tune: FineTuneState,
  /** PII, toxicity and refusal in the window's responses (seed 001's safety row). */
  safety: SafetyFigures.optional(),
  /** Tokens, cost per query and GPU utilisation (seed 001's cost row). */
  cost: CostFigures.optional(),
  /** Per metric (the names of `metrics`, dotted for nested ones): its direction over the window. */
  trends: z.record(z.string(), MetricTrend).optional(),
  ingest: z.object({
    events_total: z.number().int().nonnegative(),
    feedback_total: z.number().int().nonnegative(),
    malformed_total: z.number().int().nonnegative(),
    last_event_id: z.string().nullable(),
    last_feedback_id: z.string().nullable(),
    /** The most recent malformed entries (at most 20). */
    problems: z.array(IngestProblem),
  }),
  errors: z.array(StatusIssue),
});
export type LlmHealthStatus = z.infer<typeof LlmHealthStatus>;

/**
 * `status/skill_focus.json`: the skills production-monitor found weak when its fine-tune
 * trigger last fired, and the share of generated data it asks each skill to get.
 * Written for data-generation to read; not a catalog status (not published to Redis).
 */
export const SkillFocus = z.object({
  generated_at: z.iso.datetime(),
  level: MonitoringLevel,
  weak_skills: z.array(z.string()),
  /** Skill → share of generated examples (sums to 1): the window's skill mix, weak skills multiplied by `boost`. */
  shares: z.record(z.string(), share),
  boost: z.number().positive(),
  reason: z.string(),
  /** The trigger's brief: data-generation's model generator writes questions from its `generator_prompt`. */
  brief: FineTuneBrief.optional(),
});
export type SkillFocus = z.infer<typeof SkillFocus>;

/** production-monitor's own Redis keys (under the run's namespace). */
export function productionMonitorKeys(run: string) {
  const { queuePrefix } = redisNamespace(run);
  return {
    /** JSON `MonitorCursor`: where each stream was read up to, totals, and the last trigger. */
    state: `${queuePrefix}:production-monitor:state`,
  };
}

/** What production-monitor keeps in Redis so a restart resumes where it stopped. */
export const MonitorCursor = z.object({
  gateway: z.string(),
  feedback: z.string(),
  events_total: z.number().int().nonnegative(),
  feedback_total: z.number().int().nonnegative(),
  malformed_total: z.number().int().nonnegative(),
  last_triggered_at: z.iso.datetime().nullable(),
  /** The last manual fine-tune request consumed (stream id); absent in cursors saved before it existed. */
  fine_tune_requests: z.string().optional(),
});
export type MonitorCursor = z.infer<typeof MonitorCursor>;
