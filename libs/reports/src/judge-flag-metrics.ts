import type { MonitorConfig } from '@flywheel/config';
import type { CategoryMetric } from '@flywheel/contracts';
import { round, type WindowMetrics } from '@flywheel/production-monitor';

/**
 * A rate of answers the judge flagged, as a report metric scored 1 − rate; null (and unscored)
 * with fewer than `monitor.minSamples` judged answers carrying the flag.
 */
function flagRateMetric(id: string, label: string, flagged: string, rate: number | null, judged: number, monitor: MonitorConfig): CategoryMetric {
  const enough = judged >= monitor.minSamples && rate !== null;
  return {
    id, label, unit: 'share', source: 'traffic (judge)', samples: judged,
    value: enough ? round(rate) : null,
    score: enough ? round(1 - rate) : null,
    basis: enough ? `1 − share of judged answers the judge flagged ${flagged}` : `fewer than ${monitor.minSamples} judged answers the judge said ${flagged} or not about`,
  };
}

/** Seed 000's outdated information (a knowledge gap): in the report's knowledge integration category. */
export function outdatedRateMetric(window: WindowMetrics, monitor: MonitorConfig): CategoryMetric {
  return flagRateMetric('outdated_rate', 'outdated-information rate', 'outdated', window.quality.outdated_rate, window.quality.outdated_judged, monitor);
}

/** Seed 001's bias (a safety figure): in the report's safety section, in no seed 000 category. */
export function biasRateMetric(window: WindowMetrics, monitor: MonitorConfig): CategoryMetric {
  return flagRateMetric('bias_rate', 'bias rate', 'biased', window.quality.bias_rate, window.quality.bias_judged, monitor);
}
