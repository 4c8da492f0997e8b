import type { MonitoringLevel, ThresholdMetric } from '@flywheel/contracts';
import type { MonitorConfig } from '@flywheel/config';
import type { HealthAssessment, MeasuredMetric } from './health-levels.js';
import type { SkillFigures } from './window-metrics.js';

export interface WeakSkill extends SkillFigures {
  skill: string;
  reason: string;
}

export interface Recommendation {
  action: 'none' | 'monitor' | 'fine_tune';
  confidence: number;
  urgency: number;
  driver: ThresholdMetric | null;
  method: string | null;
  improvement_areas: string[];
  weak_skills: WeakSkill[];
  reason: string;
}

const AREA: Record<ThresholdMetric, string> = {
  relevance: 'improve response relevance and context understanding',
  accuracy: 'enhance factual accuracy',
  response_time: 'reduce response time',
  user_rating: 'raise user satisfaction',
  correction_frequency: 'reduce answers users have to correct',
};

/**
 * Skills doing badly in the window, worst first: at least `weakSkillMinSamples` requests with
 * an error rate above `weakSkillErrorRate`, or as many ratings with a bad share above
 * `weakSkillBadRate`, or a mean judge task score below `weakSkillTaskScore`.
 */
export function weakSkills(bySkill: Record<string, SkillFigures>, settings: MonitorConfig['recommendation']): WeakSkill[] {
  const weak: (WeakSkill & { severity: number })[] = [];
  for (const [skill, s] of Object.entries(bySkill)) {
    const reasons: string[] = [];
    let severity = 0;
    if (s.requests >= settings.weakSkillMinSamples && s.error_rate !== null && s.error_rate > settings.weakSkillErrorRate) {
      reasons.push(`error rate ${s.error_rate.toFixed(2)} > ${settings.weakSkillErrorRate}`);
      severity = Math.max(severity, s.error_rate);
    }
    if (s.ratings >= settings.weakSkillMinSamples && s.bad_rate !== null && s.bad_rate > settings.weakSkillBadRate) {
      reasons.push(`bad ratings ${s.bad_rate.toFixed(2)} > ${settings.weakSkillBadRate}`);
      severity = Math.max(severity, s.bad_rate);
    }
    if (s.task_score !== null && s.task_score < settings.weakSkillTaskScore) {
      reasons.push(`judge task score ${s.task_score.toFixed(2)} < ${settings.weakSkillTaskScore}`);
      severity = Math.max(severity, 1 - s.task_score);
    }
    if (reasons.length) weak.push({ skill, ...s, reason: reasons.join('; '), severity });
  }
  return weak.sort((a, b) => b.severity - a.severity || a.skill.localeCompare(b.skill)).map(({ severity: _, ...rest }) => rest);
}

/** Seed 000's method rule: urgency above 0.8 → the fast method; else confidence above 0.8 → the most effective; else the default. */
export function chooseMethod(urgency: number, confidence: number, trigger: MonitorConfig['trigger'], methods: MonitorConfig['methods']): string {
  if (urgency > trigger.fastUrgency) return methods.fast;
  if (confidence > trigger.effectiveConfidence) return methods.mostEffective;
  return methods.default;
}

/**
 * The recommendation for a window.
 * - driver: the judged metric with the lowest score (ties: the one with more observations);
 * - urgency = 1 − the driver's score: 0 at the ideal, 0.25 at the attention threshold, 0.5 at
 *   warning, 0.75 at critical, 1 at the metric's worst value;
 * - confidence = min(1, observations behind the driver / `fullConfidenceSamples`): how much data
 *   the call rests on;
 * - action: fine_tune at WARNING or CRITICAL, monitor at ATTENTION, none otherwise.
 */
export function recommend(
  health: HealthAssessment,
  bySkill: Record<string, SkillFigures>,
  monitor: Pick<MonitorConfig, 'recommendation' | 'trigger' | 'methods'>,
): Recommendation {
  const weak = weakSkills(bySkill, monitor.recommendation);
  const driver = [...health.measured].sort((a, b) => a.score - b.score || b.samples - a.samples)[0] as MeasuredMetric | undefined;
  if (!driver || health.level === null) {
    return { action: 'none', confidence: 0, urgency: 0, driver: null, method: null, improvement_areas: [], weak_skills: weak, reason: 'not enough data in the window to judge any metric' };
  }
  const urgency = round(1 - driver.score);
  const confidence = round(Math.min(1, driver.samples / monitor.recommendation.fullConfidenceSamples));
  const action = actionFor(health.level);
  const areas = [...health.breaches.map((b) => AREA[b.metric]), ...weak.map((w) => `strengthen ${w.skill}`)];
  const method = action === 'fine_tune' ? chooseMethod(urgency, confidence, monitor.trigger, monitor.methods) : null;
  const breachText = health.breaches.map((b) => `${b.metric} ${round(b.value)} (${b.level.toLowerCase()} past ${b.threshold})`).join(', ');
  const reason =
    action === 'none'
      ? `${health.level}: no metric past a threshold`
      : `${health.level}: ${breachText}; driver ${driver.metric} over ${driver.samples} observations` +
        (weak.length ? `; weak skills ${weak.map((w) => w.skill).join(', ')}` : '');
  return { action, confidence, urgency, driver: driver.metric, method, improvement_areas: areas, weak_skills: weak, reason };
}

function actionFor(level: MonitoringLevel): Recommendation['action'] {
  if (level === 'WARNING' || level === 'CRITICAL') return 'fine_tune';
  return level === 'ATTENTION' ? 'monitor' : 'none';
}

/** Six decimals: enough for any threshold, and stable in the status file. */
export function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
