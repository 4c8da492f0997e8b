import type { Breach, LetterGrade, MonitoringLevel, ThresholdMetric } from '@flywheel/contracts';
import type { MonitorConfig } from '@flywheel/config';

export interface MetricThresholds {
  direction: 'below' | 'above';
  attention: number;
  warning: number;
  critical: number;
  /** The best value the metric can take (score 1). */
  ideal: number;
  /** The value at which the score reaches 0. */
  worst: number;
}
export type ThresholdTable = Record<ThresholdMetric, MetricThresholds>;

/** Seed 000's table from config, with each metric's ideal and worst values (response time in seconds). */
export function thresholdTable(thresholds: MonitorConfig['thresholds']): ThresholdTable {
  const rt = thresholds.responseTimeSeconds;
  return {
    relevance: { direction: 'below', ...thresholds.relevance, ideal: 1, worst: 0 },
    accuracy: { direction: 'below', ...thresholds.accuracy, ideal: 1, worst: 0 },
    response_time: { direction: 'above', ...rt, ideal: 0, worst: 2 * rt.critical },
    user_rating: { direction: 'below', ...thresholds.userRating, ideal: 5, worst: 1 },
    correction_frequency: { direction: 'above', ...thresholds.correctionFrequency, ideal: 0, worst: 1 },
  };
}

/**
 * A metric's score, 0–1, piecewise linear through its anchors: ideal → 1, attention threshold
 * → 0.75, warning → 0.5, critical → 0.25, worst → 0 (clamped outside). So a value at a
 * level's threshold scores that level's bound, and the score falls steadily as it worsens.
 */
export function metricScore(value: number, t: MetricThresholds): number {
  // Work on "badness" (larger is worse) so both directions share one walk.
  const sign = t.direction === 'above' ? 1 : -1;
  const x = sign * value;
  const anchors: [number, number][] = [
    [sign * t.ideal, 1],
    [sign * t.attention, 0.75],
    [sign * t.warning, 0.5],
    [sign * t.critical, 0.25],
    [sign * t.worst, 0],
  ];
  if (x <= anchors[0]![0]) return 1;
  for (let i = 1; i < anchors.length; i++) {
    const [x1, s1] = anchors[i]!;
    if (x <= x1) {
      const [x0, s0] = anchors[i - 1]!;
      return x1 === x0 ? s1 : s0 + ((x - x0) / (x1 - x0)) * (s1 - s0);
    }
  }
  return 0;
}

/** The worst level whose threshold the value crosses (strictly, as the seed's "< 0.3", "> 10 seconds"), or null. */
export function breachLevel(value: number, t: MetricThresholds): { level: Breach['level']; threshold: number } | null {
  const crosses = (threshold: number) => (t.direction === 'below' ? value < threshold : value > threshold);
  if (crosses(t.critical)) return { level: 'CRITICAL', threshold: t.critical };
  if (crosses(t.warning)) return { level: 'WARNING', threshold: t.warning };
  if (crosses(t.attention)) return { level: 'ATTENTION', threshold: t.attention };
  return null;
}

/** Seed 000's grading scale on the health score × 100. */
export function letterGrade(healthScore: number): LetterGrade {
  const points = healthScore * 100;
  if (points >= 90) return 'A+';
  if (points >= 85) return 'A';
  if (points >= 80) return 'B+';
  if (points >= 75) return 'B';
  if (points >= 70) return 'C';
  if (points >= 60) return 'D';
  return 'F';
}

export interface MeasuredMetric {
  metric: ThresholdMetric;
  value: number;
  samples: number;
  score: number;
}

export interface HealthAssessment {
  level: MonitoringLevel | null;
  health_score: number | null;
  grade: LetterGrade | null;
  breaches: Breach[];
  /** Every metric judged (enough samples), with its score. */
  measured: MeasuredMetric[];
}

const LEVEL_ORDER: Record<Breach['level'], number> = { ATTENTION: 1, WARNING: 2, CRITICAL: 3 };

/**
 * Judges the window: each metric with at least `minSamples` observations is scored and
 * checked against its thresholds. The level is the worst breach's; without a breach,
 * EXCELLENT when the health score (mean of the scores) reaches `excellentScore`, else HEALTHY.
 * Nothing measured: level, score and grade are null.
 */
export function assessHealth(
  values: Partial<Record<ThresholdMetric, { value: number | null; samples: number }>>,
  table: ThresholdTable,
  settings: { minSamples: number; excellentScore: number },
): HealthAssessment {
  const measured: MeasuredMetric[] = [];
  const breaches: Breach[] = [];
  for (const metric of Object.keys(table) as ThresholdMetric[]) {
    const observed = values[metric];
    if (!observed || observed.value === null || observed.samples < settings.minSamples) continue;
    const t = table[metric];
    const score = metricScore(observed.value, t);
    measured.push({ metric, value: observed.value, samples: observed.samples, score });
    const crossed = breachLevel(observed.value, t);
    if (crossed) breaches.push({ metric, value: observed.value, threshold: crossed.threshold, level: crossed.level, score, samples: observed.samples });
  }
  if (measured.length === 0) return { level: null, health_score: null, grade: null, breaches, measured };
  const health = measured.reduce((sum, m) => sum + m.score, 0) / measured.length;
  breaches.sort((a, b) => LEVEL_ORDER[b.level] - LEVEL_ORDER[a.level] || a.score - b.score);
  const level: MonitoringLevel = breaches[0]?.level ?? (health >= settings.excellentScore ? 'EXCELLENT' : 'HEALTHY');
  return { level, health_score: health, grade: letterGrade(health), breaches, measured };
}
