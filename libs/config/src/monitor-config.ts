import { z } from 'zod';
import { stringList } from './string-list.js';

/** One metric's three thresholds, worst last. */
function levels(attention: number, warning: number, critical: number) {
  return z
    .object({ attention: z.number().default(attention), warning: z.number().default(warning), critical: z.number().default(critical) })
    .prefault({});
}

/** Seed 000's "I don't know" answers (case-insensitive regular expressions). */
export const DEFAULT_UNKNOWN_PATTERNS = [
  "\\bI (?:do not|don't|dont) know\\b",
  "\\bI'?m not sure\\b",
  '\\bI am not sure\\b',
  "\\bI (?:cannot|can't|am unable to) answer\\b",
  "\\bI (?:do not|don't) have (?:enough )?information\\b",
];

/**
 * The production monitor (seeds 000 and 001): windows, seed 000's threshold table, the judge,
 * drift, the recommendation and the fine-tune trigger.
 */
export const MonitorConfig = z
  .object({
    /** Seconds of traffic the metrics and levels are computed over (the current window). @defaultValue 600 */
    windowSeconds: z.number().positive().default(600),
    /** Seconds of traffic just before the current window that drift is measured against. @defaultValue 3600 */
    referenceSeconds: z.number().positive().default(3600),
    /** Observations a metric needs in the window before it is judged against its thresholds. @defaultValue 10 */
    minSamples: z.number().int().min(1).default(10),
    /**
     * Requests per second the served system is expected to carry: the report scores its
     * throughput as min(1, rate / this). Unset: throughput is shown, not scored (served traffic
     * is demand, not capacity). @defaultValue unset
     */
    throughputTargetRps: z.number().positive().optional(),
    /** Health score at or above which a window without breaches is EXCELLENT rather than HEALTHY. @defaultValue 0.9 */
    excellentScore: z.number().min(0).max(1).default(0.9),
    /** Seed 000's table. Quality scores are 0–1, response time is the p95 in seconds, user rating 1–5, correction frequency a share. */
    thresholds: z
      .object({
        /** Judge's relevance below which each level starts. @defaultValue 0.7 / 0.5 / 0.3 */
        relevance: levels(0.7, 0.5, 0.3),
        /** Judge's accuracy below which each level starts. @defaultValue 0.8 / 0.6 / 0.4 */
        accuracy: levels(0.8, 0.6, 0.4),
        /** p95 response time (s) above which each level starts. @defaultValue 3 / 5 / 10 */
        responseTimeSeconds: levels(3, 5, 10),
        /** Mean user rating (1–5) below which each level starts. @defaultValue 4 / 3 / 2 */
        userRating: levels(4, 3, 2),
        /** Share of ratings that are bad with a correction, above which each level starts. @defaultValue 0.2 / 0.3 / 0.5 */
        correctionFrequency: levels(0.2, 0.3, 0.5),
      })
      .prefault({}),
    /** Score (1–5) a "good" rating without its own score counts as. @defaultValue 5 */
    goodRatingScore: z.number().min(1).max(5).default(5),
    /** Score (1–5) a "bad" rating without its own score counts as. @defaultValue 1 */
    badRatingScore: z.number().min(1).max(5).default(1),
    /** Answers matching any of these (case-insensitive regular expressions) count as unknown queries. */
    unknownPatterns: stringList(DEFAULT_UNKNOWN_PATTERNS),
    judge: z
      .object({
        /**
         * Share of successful requests the judge scores; 0 turns it off. Unset: 0.1 when
         * `judge.baseUrl` names a judge endpoint of its own, else 0 (the served model would grade itself).
         * @defaultValue 0.1 with `judge.baseUrl`, else 0
         */
        samplingRate: z.number().min(0).max(1).optional(),
        /** Most judge calls per pass. @defaultValue 20 */
        maxPerPass: z.number().int().min(1).default(20),
        /** Model name for the judge; unset: `backend.model`, else the server's first model. */
        model: z.string().min(1).optional(),
        /** OpenAI-compatible server of the judge, without `/v1`; unset: the served model's (`backend.baseUrl`), which needs `allowSelfJudging`. */
        baseUrl: z.url({ protocol: /^https?$/ }).optional(),
        /** Bearer key for the judge's server, if it wants one. Set it from the environment. */
        apiKey: z.string().min(1).optional(),
        /** Let the served model (same `baseUrl` and model as `backend.*`) grade its own answers; refused at load otherwise. @defaultValue false */
        allowSelfJudging: z.boolean().default(false),
        /** Mean judge score under which completeness, coherence and the task score get a suggestion in `/evaluations/judge/summary` (relevance and accuracy: seed 000's attention levels). @defaultValue 0.7 */
        qualityBar: z.number().min(0).max(1).default(0.7),
        /** Share of answers with context judged unsupported above which `/evaluations/judge/summary` suggests grounded training data. @defaultValue 0.1 */
        hallucinationBar: z.number().min(0).max(1).default(0.1),
        /** Share of judged answers flagged outdated above which `/evaluations/judge/summary` suggests refreshing the skill's knowledge. @defaultValue 0.1 */
        outdatedBar: z.number().min(0).max(1).default(0.1),
        /** Share of judged answers flagged biased above which `/evaluations/judge/summary` suggests debiasing data. @defaultValue 0.05 */
        biasBar: z.number().min(0).max(1).default(0.05),
      })
      .prefault({})
      .transform(({ samplingRate, ...judge }) => ({ ...judge, samplingRate: samplingRate ?? (judge.baseUrl ? 0.1 : 0) })),
    drift: z
      .object({
        /** PSI at which a mix shift is moderate. @defaultValue 0.1 */
        psiModerate: z.number().positive().default(0.1),
        /** PSI at which a mix shift is significant. @defaultValue 0.25 */
        psiSignificant: z.number().positive().default(0.25),
        /** KS test alpha (also the PSI's chi-square significance), shared over the pass's tests (Bonferroni). @defaultValue 0.01 */
        alpha: z.number().gt(0).lt(0.5).default(0.01),
        /** KS distance below which a shift is not flagged however significant. @defaultValue 0.1 */
        ksMinDistance: z.number().min(0).max(1).default(0.1),
        /** Observations each window needs before a feature is tested. @defaultValue 30 */
        minSamples: z.number().int().min(2).default(30),
        /** Bins (reference quantiles) for prompt and output lengths. @defaultValue 10 */
        lengthBins: z.number().int().min(2).max(50).default(10),
      })
      .prefault({}),
    /**
     * Seed 001's "accuracy drops > 5 % → investigate + retrain", live: the current window's
     * accuracy (the judge's, else the share of good ratings) against the reference window's.
     */
    accuracyDrop: z
      .object({
        /** Drop, in accuracy points, that must be shown exceeded (as `testing.minDropPoints` offline). @defaultValue 5 */
        points: z.number().min(0).max(100).default(5),
        /** Chance that a monitor run with no real drop ever flags one, spread over its looks (one per disjoint window). @defaultValue 0.05 */
        runFalseAlarmRate: z.number().gt(0).lt(1).default(0.05),
        /** Looks over which that chance is spread about evenly (24: four hours of 10-minute windows). @defaultValue 24 */
        runHorizon: z.number().int().min(1).default(24),
      })
      .prefault({}),
    recommendation: z
      .object({
        /** Observations behind the driving metric at which confidence reaches 1 (linear below). @defaultValue 50 */
        fullConfidenceSamples: z.number().int().min(1).default(50),
        /** Requests (or ratings) a skill needs before it can be called weak. @defaultValue 5 */
        weakSkillMinSamples: z.number().int().min(1).default(5),
        /** A skill is weak above this error rate… @defaultValue 0.1 */
        weakSkillErrorRate: z.number().min(0).max(1).default(0.1),
        /** …or above this share of bad ratings… @defaultValue 0.3 */
        weakSkillBadRate: z.number().min(0).max(1).default(0.3),
        /** …or below this mean judge task score. @defaultValue 0.6 */
        weakSkillTaskScore: z.number().min(0).max(1).default(0.6),
        /** Factor on a weak skill's share of generated data. @defaultValue 2 */
        weakSkillBoost: z.number().min(1).default(2),
      })
      .prefault({}),
    trigger: z
      .object({
        /** Confidence the recommendation needs before fine-tuning is triggered (seed: 0.7). @defaultValue 0.7 */
        minConfidence: z.number().min(0).max(1).default(0.7),
        /** Urgency it needs (seed: 0.5). @defaultValue 0.5 */
        minUrgency: z.number().min(0).max(1).default(0.5),
        /** Seconds after a trigger before the next (seed: 1 hour). @defaultValue 3600 */
        cooldownSeconds: z.number().nonnegative().default(3600),
        /** Urgency above which the fast method is chosen (seed: 0.8). @defaultValue 0.8 */
        fastUrgency: z.number().min(0).max(1).default(0.8),
        /** Confidence above which the most effective method is chosen (seed: 0.8). @defaultValue 0.8 */
        effectiveConfidence: z.number().min(0).max(1).default(0.8),
      })
      .prefault({}),
    methods: z
      .object({
        /** Method for high urgency (seed: Text-to-LoRA). @defaultValue "Text-to-LoRA" */
        fast: z.string().min(1).default('Text-to-LoRA'),
        /** Method for high confidence (seed: Transformer²). @defaultValue "Transformer²" */
        mostEffective: z.string().min(1).default('Transformer²'),
        /** Method otherwise (seed: Text-to-LoRA). @defaultValue "Text-to-LoRA" */
        default: z.string().min(1).default('Text-to-LoRA'),
      })
      .prefault({}),
    /** Run `fineTuneCommand` when the trigger fires; off: the recommendation is recorded and nothing runs. @defaultValue false */
    autoFineTune: z.boolean().default(false),
    /** Fine-tune command as an argument array (no shell), with {method} {skills} {level} {confidence} {urgency} {focus_file} {base_dir} {run}. @defaultValue `[]` */
    fineTuneCommand: stringList([]),
    /** Seconds the fine-tune command may run. @defaultValue 600 */
    fineTuneTimeoutSeconds: z.number().positive().default(600),
    /** Equal time buckets the window is split into for each metric's trend (Mann–Kendall over the buckets). @defaultValue 8 */
    trendBuckets: z.number().int().min(3).max(50).default(8),
    /** Significance of a trend: below it a metric is improving or declining, else stable. @defaultValue 0.05 */
    trendAlpha: z.number().gt(0).lt(0.5).default(0.05),
    /** Stream entries read per XREAD. @defaultValue 1000 */
    readBatch: z.number().int().min(1).max(100_000).default(1000),
  })
  .superRefine((monitor, ctx) => {
    const below = { relevance: monitor.thresholds.relevance, accuracy: monitor.thresholds.accuracy, userRating: monitor.thresholds.userRating };
    const above = { responseTimeSeconds: monitor.thresholds.responseTimeSeconds, correctionFrequency: monitor.thresholds.correctionFrequency };
    for (const [name, t] of Object.entries(below)) {
      if (!(t.attention > t.warning && t.warning > t.critical)) {
        ctx.addIssue({ code: 'custom', path: ['thresholds', name], message: `must fall from attention to warning to critical (got ${t.attention}, ${t.warning}, ${t.critical})` });
      }
    }
    for (const [name, t] of Object.entries(above)) {
      if (!(t.attention < t.warning && t.warning < t.critical)) {
        ctx.addIssue({ code: 'custom', path: ['thresholds', name], message: `must rise from attention to warning to critical (got ${t.attention}, ${t.warning}, ${t.critical})` });
      }
    }
    const { userRating, relevance, accuracy, correctionFrequency } = monitor.thresholds;
    if (userRating.attention > 5 || userRating.critical < 1) ctx.addIssue({ code: 'custom', path: ['thresholds', 'userRating'], message: 'ratings are 1–5: thresholds must lie within' });
    for (const [name, t] of Object.entries({ relevance, accuracy, correctionFrequency })) {
      if ([t.attention, t.warning, t.critical].some((v) => v < 0 || v > 1)) ctx.addIssue({ code: 'custom', path: ['thresholds', name], message: 'a share: thresholds must lie within 0–1' });
    }
    if (monitor.thresholds.responseTimeSeconds.attention <= 0) ctx.addIssue({ code: 'custom', path: ['thresholds', 'responseTimeSeconds', 'attention'], message: 'must be positive' });
    if (monitor.drift.psiSignificant < monitor.drift.psiModerate) ctx.addIssue({ code: 'custom', path: ['drift', 'psiSignificant'], message: `must be at least psiModerate (${monitor.drift.psiModerate})` });
    if (monitor.autoFineTune && monitor.fineTuneCommand.length === 0) ctx.addIssue({ code: 'custom', path: ['fineTuneCommand'], message: 'autoFineTune is on but no fine-tune command is set' });
    monitor.unknownPatterns.forEach((pattern, index) => {
      try {
        new RegExp(pattern, 'i');
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['unknownPatterns', index], message: `not a regular expression: ${(error as Error).message}` });
      }
    });
  });
export type MonitorConfig = z.output<typeof MonitorConfig>;
